//! Plausibility warnings reach the user from both `check` and `build`.

use calamine::Data;

use crate::common::{Book, sample, stderr, stdout};

#[test]
fn check_and_build_both_name_a_county_that_contradicts_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut book = Book::open(&sample());
    book.set_item("基本信息", "县区名称", Data::String("清禾县".to_string()));
    book.set_item("县级指标", "专任教师数", Data::Float(26000.0));
    let file = dir.path().join("contradicting.xlsx");
    book.save(&file);
    let expected = [
        "以“县”结尾：文件标题和正文会按“区”称呼本地",
        "专任教师数为26000，而工作表「学校」各校小学、初中专任教师数",
    ];

    let check = run!("check", file);
    let all = format!("{}{}", stdout(&check), stderr(&check));
    assert_eq!(check.status.code(), Some(0), "{all}");
    for line in expected {
        assert!(all.contains(line), "check: {line}\n{all}");
    }
    assert!(!all.contains("检查通过（0 处警告）"), "{all}");

    let out = run!(
        "build",
        file,
        "-o",
        dir.path().join("out"),
        "--only",
        "duties"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    for line in expected {
        assert!(err.contains(line), "build: {line}\n{err}");
    }
}
