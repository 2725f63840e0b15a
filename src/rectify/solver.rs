//! A small mixed-integer second-order-cone solver: every continuous relaxation is solved
//! by `clarabel` (an interior-point conic solver in pure Rust), and branch and bound over
//! the integer variables turns the relaxations into a whole-number plan with a proven
//! lower bound. The programs here are small (a variable per school and column), so a
//! plain depth-first search with a node and time limit is enough; when a limit stops it,
//! the bound of the open nodes is reported, never a false optimum.

// Indices here are the program's own (variables and rows built by `program`), never
// read from a workbook.
#![allow(clippy::indexing_slicing)]
use clarabel::algebra::CscMatrix;
use clarabel::solver::{
    DefaultSettingsBuilder, DefaultSolver, IPSolver, SolverStatus, SupportedConeT,
};
use std::time::{Duration, Instant};

/// Σ coefficient·x + constant.
#[derive(Debug, Clone, Default)]
pub struct Affine {
    pub terms: Vec<(usize, f64)>,
    pub constant: f64,
}

impl Affine {
    pub fn value(&self, x: &[f64]) -> f64 {
        self.constant
            + self
                .terms
                .iter()
                .map(|&(j, c)| c * x.get(j).copied().unwrap_or(0.0))
                .sum::<f64>()
    }
}

/// Which way branch and bound (and the rounding dive) tries a fractional variable first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    Up,
    Down,
}

/// minimise cost·x subject to lower ≤ x ≤ upper, `le` (expr ≤ 0), `eq` (expr = 0) and
/// every cone (`cone[0] ≥ ‖cone[1..]‖`), with `integer` variables whole.
#[derive(Debug, Clone, Default)]
pub struct Program {
    pub cost: Vec<f64>,
    pub lower: Vec<f64>,
    /// `f64::INFINITY` for no bound.
    pub upper: Vec<f64>,
    pub integer: Vec<bool>,
    pub prefer: Vec<Prefer>,
    pub le: Vec<Affine>,
    pub eq: Vec<Affine>,
    pub cones: Vec<Vec<Affine>>,
}

impl Program {
    /// A new variable; returns its index.
    pub fn var(&mut self, cost: f64, upper: f64, integer: bool, prefer: Prefer) -> usize {
        self.cost.push(cost);
        self.lower.push(0.0);
        self.upper.push(upper);
        self.integer.push(integer);
        self.prefer.push(prefer);
        self.cost.len() - 1
    }

    pub fn len(&self) -> usize {
        self.cost.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cost.is_empty()
    }

    pub fn objective(&self, x: &[f64]) -> f64 {
        self.cost.iter().zip(x).map(|(c, v)| c * v).sum()
    }
}

/// A solved relaxation.
#[derive(Debug, Clone)]
pub struct Relaxed {
    pub x: Vec<f64>,
    pub objective: f64,
}

/// Solve the continuous relaxation within the given bounds. `None` when it is
/// infeasible (or the solver could not certify a solution).
pub fn relax(p: &Program, lower: &[f64], upper: &[f64]) -> Option<Relaxed> {
    let n = p.len();
    if n == 0 {
        return Some(Relaxed {
            x: Vec::new(),
            objective: 0.0,
        });
    }
    // Rows of A (as triplets) and b, cone by cone: Ax + s = b, s ∈ K.
    let mut trip: Vec<(usize, usize, f64)> = Vec::new();
    let mut b: Vec<f64> = Vec::new();
    let mut cones: Vec<SupportedConeT<f64>> = Vec::new();
    let mut row = 0usize;
    // Equalities: expr = 0  ⇔  terms·x = −constant.
    for e in &p.eq {
        for &(j, c) in &e.terms {
            trip.push((row, j, c));
        }
        b.push(-e.constant);
        row += 1;
    }
    if !p.eq.is_empty() {
        cones.push(SupportedConeT::ZeroConeT(p.eq.len()));
    }
    let nonneg_start = row;
    for e in &p.le {
        for &(j, c) in &e.terms {
            trip.push((row, j, c));
        }
        b.push(-e.constant);
        row += 1;
    }
    for j in 0..n {
        // −x ≤ −lower
        trip.push((row, j, -1.0));
        b.push(-lower[j]);
        row += 1;
        if upper[j].is_finite() {
            trip.push((row, j, 1.0));
            b.push(upper[j]);
            row += 1;
        }
    }
    if row > nonneg_start {
        cones.push(SupportedConeT::NonnegativeConeT(row - nonneg_start));
    }
    // Cones: s = affine(x) ⇔ −terms·x + s = constant.
    for cone in &p.cones {
        for e in cone {
            for &(j, c) in &e.terms {
                trip.push((row, j, -c));
            }
            b.push(e.constant);
            row += 1;
        }
        cones.push(SupportedConeT::SecondOrderConeT(cone.len()));
    }
    let a = csc(row, n, trip);
    let pmat = CscMatrix::<f64>::zeros((n, n));
    let settings = DefaultSettingsBuilder::default()
        .verbose(false)
        .max_iter(200)
        .build()
        .ok()?;
    let mut solver = DefaultSolver::new(&pmat, &p.cost, &a, &b, &cones, settings).ok()?;
    solver.solve();
    match solver.solution.status {
        SolverStatus::Solved | SolverStatus::AlmostSolved => {
            let x = solver.solution.x.clone();
            if x.iter().any(|v| !v.is_finite()) {
                return None;
            }
            Some(Relaxed {
                objective: p.objective(&x),
                x,
            })
        }
        _ => None,
    }
}

/// Triplets (row, column, value) → compressed sparse columns, duplicates summed.
fn csc(m: usize, n: usize, mut trip: Vec<(usize, usize, f64)>) -> CscMatrix<f64> {
    trip.sort_by_key(|t| (t.1, t.0));
    let mut colptr = vec![0usize; n + 1];
    let mut rowval: Vec<usize> = Vec::with_capacity(trip.len());
    let mut nzval: Vec<f64> = Vec::with_capacity(trip.len());
    let mut last: Option<(usize, usize)> = None;
    for (r, c, v) in trip {
        if last == Some((r, c)) {
            if let Some(x) = nzval.last_mut() {
                *x += v;
            }
            continue;
        }
        last = Some((r, c));
        rowval.push(r);
        nzval.push(v);
        colptr[c + 1] += 1;
    }
    for j in 0..n {
        colptr[j + 1] += colptr[j];
    }
    CscMatrix::new(m, n, colptr, rowval, nzval)
}

/// Values within this of a whole number count as whole.
const INT_TOL: f64 = 1e-5;

fn fractional(v: f64) -> bool {
    (v - v.round()).abs() > INT_TOL
}

/// Limits of the search.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub nodes: usize,
    pub time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            nodes: 400,
            time: Duration::from_millis(1500),
        }
    }
}

/// The outcome of branch and bound.
#[derive(Debug, Clone)]
pub struct MipResult {
    /// The best whole-number solution found (integers rounded exactly).
    pub best: Option<Relaxed>,
    /// The root relaxation's optimum.
    pub root: f64,
    /// A proven lower bound on the optimum (≥ `root`).
    pub bound: f64,
    pub nodes: usize,
    /// Whether the search finished (the best is then optimal up to solver tolerance).
    pub complete: bool,
}

struct Node {
    lower: Vec<f64>,
    upper: Vec<f64>,
    /// The parent's relaxation: a lower bound of everything below this node.
    bound: f64,
}

/// Branch and bound. `None` when the root relaxation is infeasible.
pub fn solve(p: &Program, limits: Limits) -> Option<MipResult> {
    let start = Instant::now();
    let root = relax(p, &p.lower, &p.upper)?;
    let root_objective = root.objective;
    let mut best: Option<Relaxed> = dive(p, &root);
    let mut nodes = 1usize;
    let mut stack = vec![Node {
        lower: p.lower.clone(),
        upper: p.upper.clone(),
        bound: root.objective,
    }];
    let mut first = Some(root.clone());
    let mut open_bound = f64::INFINITY;
    let better = |obj: f64, best: &Option<Relaxed>| match best {
        Some(b) => obj < b.objective - 1e-7 * b.objective.abs().max(1.0),
        None => true,
    };
    while let Some(node) = stack.pop() {
        if !better(node.bound, &best) {
            continue;
        }
        if nodes >= limits.nodes || start.elapsed() > limits.time {
            open_bound = open_bound.min(node.bound);
            for rest in &stack {
                open_bound = open_bound.min(rest.bound);
            }
            break;
        }
        let relaxed = match first.take() {
            Some(r) => r,
            None => {
                nodes += 1;
                match relax(p, &node.lower, &node.upper) {
                    Some(r) => r,
                    None => continue,
                }
            }
        };
        if !better(relaxed.objective, &best) {
            continue;
        }
        // Branch on the most fractional integer variable.
        let pick = (0..p.len())
            .filter(|&j| p.integer[j] && fractional(relaxed.x[j]))
            .max_by(|&a, &b| {
                let fa = (relaxed.x[a] - relaxed.x[a].floor() - 0.5).abs();
                let fb = (relaxed.x[b] - relaxed.x[b].floor() - 0.5).abs();
                fb.total_cmp(&fa)
            });
        let Some(j) = pick else {
            best = Some(whole(p, relaxed));
            continue;
        };
        let v = relaxed.x[j];
        let mut down = Node {
            lower: node.lower.clone(),
            upper: node.upper.clone(),
            bound: relaxed.objective,
        };
        down.upper[j] = v.floor();
        let mut up = Node {
            lower: node.lower,
            upper: node.upper,
            bound: relaxed.objective,
        };
        up.lower[j] = v.ceil();
        // The preferred child is explored first (pushed last).
        match p.prefer[j] {
            Prefer::Up => {
                stack.push(down);
                stack.push(up);
            }
            Prefer::Down => {
                stack.push(up);
                stack.push(down);
            }
        }
    }
    let complete = open_bound.is_infinite();
    let best_obj = best.as_ref().map_or(f64::INFINITY, |b| b.objective);
    // Finished: the best is optimal. Stopped early: nothing below the open nodes' bound.
    let bound = if complete {
        best_obj
    } else {
        open_bound.min(best_obj)
    };
    let bound = if bound.is_finite() {
        bound.max(root_objective)
    } else {
        root_objective
    };
    Some(MipResult {
        best,
        root: root_objective,
        bound,
        nodes,
        complete,
    })
}

/// Round the integer variables of an integral solution exactly.
fn whole(p: &Program, mut r: Relaxed) -> Relaxed {
    for j in 0..p.len() {
        if p.integer[j] {
            r.x[j] = r.x[j].round();
        }
    }
    r.objective = p.objective(&r.x);
    r
}

/// A rounding dive for a first incumbent: fix every fractional integer variable in its
/// preferred direction at once (one at a time where several are binaries of one
/// choice would collide), re-solve, and repeat until whole or infeasible.
fn dive(p: &Program, root: &Relaxed) -> Option<Relaxed> {
    let mut lower = p.lower.clone();
    let mut upper = p.upper.clone();
    let mut current = root.clone();
    for _ in 0..40 {
        let frac: Vec<usize> = (0..p.len())
            .filter(|&j| p.integer[j] && fractional(current.x[j]))
            .collect();
        if frac.is_empty() {
            return Some(whole(p, current));
        }
        // Binaries (upper bound 1) are fixed one at a time, the largest first: two of
        // one 6-of-7 choice fixed up together would be infeasible.
        let binary = frac
            .iter()
            .copied()
            .filter(|&j| p.upper[j] <= 1.0)
            .max_by(|&a, &b| current.x[a].total_cmp(&current.x[b]));
        if let Some(j) = binary {
            lower[j] = 1.0;
        }
        for &j in frac.iter().filter(|&&j| p.upper[j] > 1.0) {
            match p.prefer[j] {
                Prefer::Up => lower[j] = current.x[j].ceil(),
                Prefer::Down => upper[j] = current.x[j].floor(),
            }
        }
        current = relax(p, &lower, &upper)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knapsack_like_program_is_solved_to_a_whole_optimum() {
        // minimise 3a + 2b  s.t.  a + b ≥ 2.5, a, b whole: b = 3 (6) beats a = 1, b = 2 (7);
        // the relaxation is b = 2.5 (5).
        let mut p = Program::default();
        let a = p.var(3.0, f64::INFINITY, true, Prefer::Up);
        let b = p.var(2.0, f64::INFINITY, true, Prefer::Up);
        p.le.push(Affine {
            terms: vec![(a, -1.0), (b, -1.0)],
            constant: 2.5,
        });
        let r = solve(&p, Limits::default()).expect("feasible");
        let best = r.best.expect("a solution");
        assert!((best.objective - 6.0).abs() < 1e-6, "{best:?}");
        assert!((r.root - 5.0).abs() < 1e-5, "root {}", r.root);
        assert!(r.bound <= best.objective + 1e-6);
    }

    #[test]
    fn a_cone_bounds_the_spread() {
        // minimise x  s.t.  ‖(x − 4, 3)‖ ≤ 5 → x ∈ [0, 8], optimum 0.
        let mut p = Program::default();
        let x = p.var(1.0, f64::INFINITY, false, Prefer::Up);
        p.lower[x] = -10.0;
        p.cones.push(vec![
            Affine {
                terms: vec![],
                constant: 5.0,
            },
            Affine {
                terms: vec![(x, 1.0)],
                constant: -4.0,
            },
            Affine {
                terms: vec![],
                constant: 3.0,
            },
        ]);
        let r = relax(&p, &p.lower, &p.upper).expect("feasible");
        assert!(r.x[0].abs() < 1e-5, "{:?}", r.x);
    }
}
