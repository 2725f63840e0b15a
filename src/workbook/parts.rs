//! What the three formats' readers share: calamine's generic reader (for the formats
//! whose cells calamine materialises itself, after our own scan has bounded them), XML
//! attributes, and the Chinese wording of calamine's errors.

use std::io::Cursor;

use calamine::{Reader, SheetType, SheetVisible};
use quick_xml::events::BytesStart;

use super::limits::{Budget, MAX_SHEETS, too_many_sheets};
use super::sheet::{Grid, Merge, Sheet};
use crate::problem::Problem;

/// calamine's error (in English) inside a Chinese explanation.
pub(super) fn open_message(kind: &str, e: &dyn std::fmt::Display) -> String {
    let text = e.to_string();
    if text.to_lowercase().contains("password") {
        "文件设有密码（已加密），无法读取：请在 Excel/WPS 中取消密码后另存为 .xlsx".to_string()
    } else {
        format!("文件已损坏，{kind}无法读取（{text}）：请用 Excel/WPS 打开后另存为 .xlsx 再试")
    }
}

/// The sheets and warnings of one workbook as loaded.
pub(super) type Loaded = (Vec<Sheet>, Vec<Problem>);

/// .xls, .xlsb and .ods: calamine's own reader, each cell counted against `budget` as it
/// is stored. `merges_of` gives a sheet's merged ranges where the format's reader knows
/// them. calamine materialises a whole sheet before we see it: for .ods and .xls our own
/// scan has bounded what it will hold before this is called.
pub(super) fn load_generic<'a, R>(
    bytes: &'a [u8],
    label: &str,
    budget: &Budget,
    merges_of: impl Fn(&R, &str) -> Option<Vec<Merge>>,
) -> Result<Loaded, Problem>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: std::fmt::Display,
{
    let mut book = R::new(Cursor::new(bytes))
        .map_err(|e| Problem::file_error(label, open_message("工作簿", &e)))?;
    if book.sheets_metadata().len() > MAX_SHEETS {
        return Err(too_many_sheets(label, book.sheets_metadata().len()));
    }
    let metadata: Vec<calamine::Sheet> = book.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    let mut warnings = Vec::new();
    for meta in metadata {
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        match book.worksheet_range(&meta.name) {
            Ok(range) => {
                let grid = Grid::from_range_within(&range, &meta.name, budget)?;
                let mut sheet = Sheet::new(meta.name.clone(), grid);
                sheet.hidden = meta.visible != SheetVisible::Visible;
                sheet.merges = merges_of(&book, &meta.name).unwrap_or_default();
                sheets.push(sheet);
            }
            Err(e) => warnings.push(Problem::error(
                meta.name.clone(),
                format!(
                    "工作表已损坏，无法读取（{e}），其中的数据未读取：请用 Excel/WPS 打开后另存，再试"
                ),
            )),
        }
    }
    Ok((sheets, warnings))
}

/// Say, first, that this file's hidden rows and columns could not be checked.
pub(super) fn with_hidden_unknown(
    (sheets, mut warnings): (Vec<Sheet>, Vec<Problem>),
    label: &str,
) -> (Vec<Sheet>, Vec<Problem>) {
    warnings.insert(
        0,
        Problem::file_warning(
            label,
            "程序无法识别此文件中隐藏的行和列（.xlsb、Excel 95 及更早的 .xls 等），隐藏行里的学校仍会计入。请确认没有隐藏的行、列；在 Excel/WPS 中另存为 .xlsx 后，程序会自动检查",
        ),
    );
    (sheets, warnings)
}

/// calamine's merged range as ours.
pub(super) fn merge_of(d: &calamine::Dimensions) -> Merge {
    Merge {
        first_row: d.start.0,
        first_col: d.start.1,
        last_row: d.end.0,
        last_col: d.end.1,
    }
}

/// (qualified name, local name, value) of every attribute.
pub(super) fn local_attrs(e: &BytesStart) -> Vec<(String, String, String)> {
    e.attributes()
        .filter_map(Result::ok)
        .map(|a| {
            let full = a.key.as_ref().to_string();
            let local = a.key.local_name().into_inner().to_string();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.to_string())
                .unwrap_or_default();
            (full, local, value)
        })
        .collect()
}
