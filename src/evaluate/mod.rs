//! Placeholder: the evaluation engine is being written.
