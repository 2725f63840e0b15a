//! The id a generated .docx carries in its custom document properties
//! (`docProps/custom.xml`, property `junheng`): what it was generated from, so that
//! `junheng update` can generate it again. Word, WPS and LibreOffice keep custom
//! properties when they save.
//!
//! The value reads `junheng/1 kind=report workbook=<16 hex> date=2026-03-16`, and for the
//! 数据更正对照表 also `old=<16 hex>` (the workbook it compares against).

use super::UpdateError;
use super::package::{Package, zip_time};
use crate::model::Date;

/// Name of the custom property.
const PROPERTY: &str = "junheng";
const VERSION: &str = "junheng/1";

/// What a document was generated from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocId {
    /// `plan`, `duties`, `report` or `correction`.
    pub kind: String,
    /// FNV-1a of the workbook's bytes (see `crate::pipeline::stable_hash`).
    pub workbook: u64,
    /// The date the document was generated for (its fallback 成文日期).
    pub date: Date,
    /// For the 对照表: the earlier workbook it compares against.
    pub old: Option<u64>,
}

/// The kind of the 数据更正对照表 in an id.
pub const CORRECTION: &str = "correction";

impl DocId {
    pub fn value(&self) -> String {
        let mut s = format!(
            "{VERSION} kind={} workbook={:016x} date={:04}-{:02}-{:02}",
            self.kind, self.workbook, self.date.year, self.date.month, self.date.day
        );
        if let Some(old) = self.old {
            s.push_str(&format!(" old={old:016x}"));
        }
        s
    }

    pub fn parse(value: &str) -> Option<DocId> {
        let mut words = value.split_whitespace();
        if words.next()? != VERSION {
            return None;
        }
        let (mut kind, mut workbook, mut date, mut old) = (None, None, None, None);
        for word in words {
            let (key, v) = word.split_once('=')?;
            match key {
                "kind" => kind = Some(v.to_string()),
                "workbook" => workbook = u64::from_str_radix(v, 16).ok(),
                "old" => old = u64::from_str_radix(v, 16).ok(),
                "date" => {
                    let mut parts = v.split('-');
                    let year = parts.next()?.parse().ok()?;
                    let month = parts.next()?.parse().ok()?;
                    let day = parts.next()?.parse().ok()?;
                    date = Some(Date { year, month, day });
                }
                _ => {}
            }
        }
        Some(DocId {
            kind: kind?,
            workbook: workbook?,
            date: date?,
            old,
        })
    }
}

const CUSTOM: &str = "docProps/custom.xml";
const CUSTOM_TYPE: &str = "application/vnd.openxmlformats-officedocument.custom-properties+xml";
const CUSTOM_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties";

fn custom_xml(id: &DocId) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"2\" name=\"{PROPERTY}\"><vt:lpwstr>{}</vt:lpwstr></property></Properties>",
        quick_xml::escape::escape(id.value())
    )
}

/// `docx` (a Word file this program wrote) with the id in its custom properties.
pub fn stamp(docx: Vec<u8>, id: &DocId) -> Result<Vec<u8>, UpdateError> {
    let package = Package::open("Word 版", docx)?;
    let mut replace = vec![(CUSTOM.to_string(), custom_xml(id).into_bytes())];
    if !package.has(CUSTOM) {
        if let Some(types) = package.part("[Content_Types].xml")? {
            let types = types.replacen(
                "</Types>",
                &format!(
                    "<Override PartName=\"/{CUSTOM}\" ContentType=\"{CUSTOM_TYPE}\"/></Types>"
                ),
                1,
            );
            replace.push(("[Content_Types].xml".into(), types.into_bytes()));
        }
        if let Some(rels) = package.part("_rels/.rels")? {
            let rels = rels.replacen(
                "</Relationships>",
                &format!(
                    "<Relationship Id=\"rIdJunheng\" Type=\"{CUSTOM_REL}\" Target=\"{CUSTOM}\"/></Relationships>"
                ),
                1,
            );
            replace.push(("_rels/.rels".into(), rels.into_bytes()));
        }
    }
    package.rewrite(&replace, zip_time(id.date))
}

/// The id of an opened package, when it has one.
pub fn read(package: &Package) -> Result<Option<DocId>, UpdateError> {
    let Some(xml) = package.part(CUSTOM)? else {
        return Ok(None);
    };
    Ok(property(&xml).and_then(|v| DocId::parse(&v)))
}

/// The text of the `junheng` property in a custom.xml.
fn property(xml: &str) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    let mut value = String::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > super::wordml::MAX_DEPTH {
                    return None;
                }
                if e.local_name().as_ref() == "property" {
                    inside = e
                        .try_get_attribute("name")
                        .ok()
                        .flatten()
                        .is_some_and(|a| a.value.as_ref() == PROPERTY);
                }
            }
            Ok(Event::End(e)) => {
                depth = depth.saturating_sub(1);
                if inside && e.local_name().as_ref() == "property" {
                    return Some(value);
                }
            }
            Ok(Event::Text(t)) if inside => value.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if inside => {
                if let Some(c) = super::wordml::resolve_ref(&r) {
                    value.push(c);
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// The custom.xml of a person's copy with its id replaced by `id` (other properties
/// stay).
pub fn restamped(
    package: &Package,
    old: &DocId,
    id: &DocId,
) -> Result<(String, Vec<u8>), UpdateError> {
    let xml = package.part(CUSTOM)?.unwrap_or_default();
    let text = if xml.contains(&old.value()) {
        xml.replacen(&old.value(), &id.value(), 1)
    } else {
        custom_xml(id)
    };
    Ok((CUSTOM.to_string(), text.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let id = DocId {
            kind: "report".into(),
            workbook: 0x0123_4567_89ab_cdef,
            date: Date {
                year: 2026,
                month: 3,
                day: 16,
            },
            old: Some(7),
        };
        assert_eq!(DocId::parse(&id.value()), Some(id.clone()));
        assert_eq!(property(&custom_xml(&id)), Some(id.value()));
        assert_eq!(DocId::parse("junheng/2 kind=report"), None);
    }
}
