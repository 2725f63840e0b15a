//! A small, bounded XML tree for the parts of a .docx: WordprocessingML is nested
//! (tables in cells, runs in hyperlinks, fields across runs), which a tree walks more
//! plainly than a stream. Bounded: the caller caps the part's size before parsing, and
//! nesting deeper than [`MAX_DEPTH`] is refused, so the recursive walks over the tree
//! cannot exhaust the stack. No DTD is read and no entity but the five predefined and
//! character references is expanded (quick-xml never fetches anything).

use quick_xml::events::Event;

/// Deepest element nesting accepted. Word's own documents stay under 30 (a table in a
/// table in a text box); 200 leaves room and keeps recursion shallow.
pub const MAX_DEPTH: usize = 200;
/// Most elements in one part (a 100-page document has about 200,000).
pub const MAX_NODES: usize = 2_000_000;

#[derive(Debug, Default)]
pub struct Node {
    /// Local name (`p`, `r`, `t`, `tbl`…), prefix dropped.
    pub name: String,
    /// (local name, value) of every attribute.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Child>,
}

#[derive(Debug)]
pub enum Child {
    Element(Node),
    Text(String),
}

impl Node {
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == local)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Node> {
        self.children.iter().filter_map(|c| match c {
            Child::Element(n) => Some(n),
            Child::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Node> {
        self.elements().find(|n| n.name == name)
    }

    /// The first descendant named `name`, depth first.
    pub fn find(&self, name: &str) -> Option<&Node> {
        for n in self.elements() {
            if n.name == name {
                return Some(n);
            }
            if let Some(found) = n.find(name) {
                return Some(found);
            }
        }
        None
    }

    /// True when some descendant is named `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// The text directly inside (for `w:t`).
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|c| match c {
                Child::Text(t) => Some(t.as_str()),
                Child::Element(_) => None,
            })
            .collect()
    }

    /// A `w:val`-style on/off property: present and not `0`/`false`/`off`.
    pub fn on(&self, name: &str) -> bool {
        self.child(name)
            .is_some_and(|n| !matches!(n.attr("val"), Some("0" | "false" | "off" | "none")))
    }
}

/// Why a part could not be read.
#[derive(Debug, thiserror::Error)]
pub enum XmlError {
    #[error("XML 格式错误（{0}）")]
    Syntax(String),
    #[error("嵌套超过 {MAX_DEPTH} 层")]
    TooDeep,
    #[error("元素超过 {MAX_NODES} 个")]
    TooMany,
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_string()
}

/// Parse a part into its root element.
pub fn parse(text: &str) -> Result<Node, XmlError> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(false);
    // The root's parent: holds the document element.
    let mut stack: Vec<Node> = vec![Node::default()];
    let mut count = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| XmlError::Syntax(e.to_string()))?;
        match event {
            Event::Start(e) => {
                count += 1;
                if count > MAX_NODES {
                    return Err(XmlError::TooMany);
                }
                if stack.len() > MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                stack.push(node_of(&e));
            }
            Event::Empty(e) => {
                count += 1;
                if count > MAX_NODES {
                    return Err(XmlError::TooMany);
                }
                let node = node_of(&e);
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Child::Element(node));
                }
            }
            Event::End(_) => {
                if stack.len() <= 1 {
                    return Err(XmlError::Syntax("多余的结束标记".into()));
                }
                if let Some(node) = stack.pop()
                    && let Some(parent) = stack.last_mut()
                {
                    parent.children.push(Child::Element(node));
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match &*r {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                if let Some(c) = c {
                    push_text(&mut stack, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(XmlError::Syntax("元素未结束".into()));
    }
    stack
        .pop()
        .and_then(|root| {
            root.children.into_iter().find_map(|c| match c {
                Child::Element(n) => Some(n),
                Child::Text(_) => None,
            })
        })
        .ok_or_else(|| XmlError::Syntax("没有根元素".into()))
}

fn push_text(stack: &mut [Node], text: &str) {
    let Some(parent) = stack.last_mut() else {
        return;
    };
    if let Some(Child::Text(last)) = parent.children.last_mut() {
        last.push_str(text);
    } else {
        parent.children.push(Child::Text(text.to_string()));
    }
}

fn node_of(e: &quick_xml::events::BytesStart) -> Node {
    let name = local(e.name().as_ref());
    let attrs = e
        .attributes()
        .filter_map(Result::ok)
        .map(|a| {
            let key = local(a.key.as_ref());
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.to_string())
                .unwrap_or_default();
            (key, value)
        })
        .collect();
    Node {
        name,
        attrs,
        children: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_text_entities_and_attributes() {
        let root = parse(r#"<w:p xmlns:w="x"><w:r><w:t xml:space="preserve">a &amp; b&#x4E2D;</w:t></w:r><w:b w:val="0"/></w:p>"#).unwrap();
        assert_eq!(root.name, "p");
        assert_eq!(root.find("t").unwrap().text(), "a & b中");
        assert_eq!(root.find("t").unwrap().attr("space"), Some("preserve"));
        assert!(!root.on("b"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = "<a>".repeat(MAX_DEPTH + 5) + &"</a>".repeat(MAX_DEPTH + 5);
        assert!(matches!(parse(&deep), Err(XmlError::TooDeep)));
        assert!(parse("<a><b></a>").is_err());
    }
}
