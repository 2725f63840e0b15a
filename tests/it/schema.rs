//! The workbook schema is the one source of sheet and column names: `init`'s template
//! writes exactly its columns, the reader accepts every header the template writes and
//! every alias the schema lists, and `diff` labels its changes with the schema's labels.

use calamine::{Data, Reader, open_workbook_auto};
use junheng::compare::input_changes;
use junheng::workbook::schema::{self, SHEETS};
use junheng::workbook::table::normalize_header;
use junheng::workbook::template::{INSTRUCTIONS, template};
use junheng::workbook::{read_county, read_sheets};

use crate::common::{Book, sample};

fn write_template(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("template.xlsx");
    std::fs::write(&path, template(Some("测试区")).unwrap()).unwrap();
    path
}

#[test]
fn template_headers_are_the_schema_columns_and_the_reader_accepts_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_template(dir.path());
    let mut wb = open_workbook_auto(&path).unwrap();
    let names = wb.sheet_names();
    let mut expected_names: Vec<&str> = vec![INSTRUCTIONS];
    expected_names.extend(SHEETS.iter().map(|s| s.name));
    assert_eq!(names, expected_names);
    for sheet in SHEETS {
        let range = wb.worksheet_range(sheet.name).unwrap();
        let header: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let columns: Vec<String> = sheet
            .template_columns()
            .into_iter()
            .map(|(h, _, _)| h)
            .collect();
        assert_eq!(header, columns, "headers of {}", sheet.name);
        let accepted = sheet.accepted();
        for h in &header {
            let name = normalize_header(h).0;
            assert!(accepted.contains(&name), "{}: {h} not accepted", sheet.name);
        }
        // Every column of the schema is in the template (per-stage ones at least once).
        for c in sheet.columns {
            assert!(
                header
                    .iter()
                    .any(|h| normalize_header(h).0.ends_with(c.name)),
                "{}: column {} missing from the template",
                sheet.name,
                c.name
            );
        }
    }
    let info = wb.worksheet_range(schema::BASIC_INFO.name).unwrap();
    let items: Vec<String> = info.rows().skip(1).map(|r| r[0].to_string()).collect();
    let schema_items: Vec<&str> = schema::BASIC_ITEMS.iter().map(|i| i.name).collect();
    assert_eq!(items, schema_items);

    // Read back: the blank template fails only for its missing data, never for a
    // header or item the reader does not know.
    let problems = match read_county(&path) {
        Ok(_) => panic!("a blank template has no schools"),
        Err(p) => p,
    };
    let texts: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(!texts.iter().any(|t| t.contains("未知")), "{texts:#?}");
    assert!(
        texts.iter().any(|t| t.contains("没有任何学校数据行")),
        "{texts:#?}"
    );
}

/// The sample with its 教学仪器设备值 header renamed to `name` (its unit kept).
fn with_equipment_header(name: &str) -> Book {
    let mut book = Book::open(&sample());
    let (row, col) = book.header(schema::SCHOOLS.name, "教学仪器设备值");
    let Data::String(written) = book.get(schema::SCHOOLS.name, row, col) else {
        panic!("header is text")
    };
    let renamed = written.replacen("教学仪器设备值", name, 1);
    book.set(schema::SCHOOLS.name, row, col, Data::String(renamed));
    book
}

#[test]
fn an_alias_is_read_as_its_column() {
    let column = schema::SCHOOLS.column("教学仪器设备值").unwrap();
    let alias = column.aliases.first().copied().unwrap();
    assert_eq!(schema::SCHOOLS.column(alias).unwrap().name, column.name);
    let dir = tempfile::tempdir().unwrap();
    let original = read_county(&sample()).unwrap().county;
    let path = dir.path().join("alias.xlsx");
    with_equipment_header(alias).save(&path);
    let aliased = read_county(&path).unwrap();
    assert!(
        !aliased
            .warnings
            .iter()
            .any(|p| p.to_string().contains("未知列")),
        "{:?}",
        aliased.warnings
    );
    let values = |c: &junheng::model::County| -> Vec<Option<f64>> {
        c.schools.iter().map(|s| s.equipment_value).collect()
    };
    assert!(values(&original).iter().any(Option::is_some));
    assert_eq!(values(&aliased.county), values(&original));

    // A header that is no name or alias is not read.
    let path = dir.path().join("unknown.xlsx");
    with_equipment_header("教学仪器设备价值").save(&path);
    let unknown = read_county(&path);
    let warned = match &unknown {
        Ok(o) => o.warnings.iter().any(|p| p.to_string().contains("未知列")),
        Err(p) => p.iter().any(|p| p.to_string().contains("未知列")),
    };
    assert!(warned);
}

#[test]
fn an_alias_of_a_per_stage_column_takes_the_stage_prefix() {
    use junheng::workbook::{Grid, Sheet};
    let sheet = |name: &str, rows: &[&[&str]]| {
        let mut grid = Grid::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                grid.set(r as u32, c as u32, Data::String(text.to_string()));
            }
        }
        Sheet::new(name, grid)
    };
    let sheets = vec![
        sheet(
            "基本信息",
            &[
                &["项目", "内容"],
                &["县区名称", "测试区"],
                &["统计年度", "2025"],
            ],
        ),
        sheet(
            "学校",
            &[
                &["学校名称", "学校类型", "小学学生数（人）"],
                &["测试小学", "小学", "321"],
            ],
        ),
    ];
    let outcome = read_sheets(sheets, Vec::new())
        .unwrap_or_else(|p| panic!("{:#?}", p.iter().map(|p| p.to_string()).collect::<Vec<_>>()));
    assert_eq!(outcome.county.schools[0].students.primary, Some(321));
}

#[test]
fn diff_labels_are_the_schema_labels() {
    let old = read_county(&sample()).unwrap().county;
    let mut new = old.clone();
    new.schools[0].equipment_value = Some(1.0);
    new.schools[0].students.primary = Some(1);
    new.info.contact_phone = Some("0000".into());
    let changes = input_changes(&old, &new);
    let school = schema::SCHOOLS.column("教学仪器设备值").unwrap();
    let students = schema::SCHOOLS.column("在校生数").unwrap();
    assert!(
        changes
            .iter()
            // A money column is named without its unit: the value carries it (89.4万元).
            .any(|c| c.sheet == schema::SCHOOLS.name && c.field == school.name),
        "{changes:?}"
    );
    assert!(
        changes
            .iter()
            .any(|c| c.field == format!("小学{}", students.label())),
        "{changes:?}"
    );
    assert!(
        changes.iter().any(|c| c.sheet == schema::BASIC_INFO.name
            && c.subject == schema::basic_item("联系电话").unwrap().name),
        "{changes:?}"
    );
    // Every changed field is a column (or item) of its sheet in the schema.
    for c in &changes {
        let sheet = SHEETS.iter().find(|s| s.name == c.sheet).unwrap();
        let name = normalize_header(&c.field).0;
        assert!(
            sheet.accepted().contains(&name),
            "{}: {} is not in the schema",
            c.sheet,
            c.field
        );
    }
}
