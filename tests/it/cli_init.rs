//! `junheng init DIR`: the blank template has every sheet and header of DESIGN.md, is
//! rejected by `check` while blank (for the missing data only), and is accepted by
//! `check` (and builds) once a test has filled it in.

use crate::common::{Book, stderr, stdout};
use calamine::{Data, Reader, open_workbook_auto};
use junheng::model::{COUNTY_ITEMS, ItemKind};

fn s(text: &str) -> Data {
    Data::String(text.to_string())
}

fn n(v: f64) -> Data {
    Data::Float(v)
}

fn init(dir: &std::path::Path) -> std::path::PathBuf {
    let out = run!("init", dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = dir.join("指标工作簿.xlsx");
    assert!(path.is_file(), "{}", stdout(&out));
    path
}

#[test]
fn template_has_every_sheet_and_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = init(dir.path());
    let mut wb = open_workbook_auto(&path).unwrap();
    let names = wb.sheet_names();
    let expected: &[(&str, &[&str])] = &[
        ("基本信息", &["项目", "内容"]),
        (
            "学校",
            &[
                "学校名称",
                "学校类型",
                "城乡类型",
                "办学性质",
                "寄宿制",
                "中心城区",
                "建设年份",
                "小学在校生数",
                "初中在校生数",
                "高中在校生数",
                "小学班级数",
                "初中班级数",
                "小学专任教师数",
                "初中专任教师数",
                "小学高于规定学历教师数",
                "初中高于规定学历教师数",
                "小学县级以上骨干教师数",
                "初中县级以上骨干教师数",
                "小学体育艺术专任教师数",
                "初中体育艺术专任教师数",
                "教学及辅助用房面积",
                "体育运动场馆面积",
                "教学仪器设备值",
                "网络多媒体教室数",
                "音乐专用教室数",
                "美术专用教室数",
                "音乐专用教室最小面积",
                "美术专用教室最小面积",
                "小学最大班额",
                "初中最大班额",
                "在建教学及辅助用房面积",
                "在建体育运动场馆面积",
                "租用体育运动场馆面积",
                "起始年级学生数",
                "起始年级班级数",
                "规模经批复",
                "最大校区在校生数",
                "规模化解方案",
                "面积一校一案",
                "音乐美术课开齐开足",
                "挖潜扩容学校",
                "就近入学比例",
                "公用经费预算总额",
                "教师培训经费",
                "特殊情形说明",
            ],
        ),
        ("班级", &["学校名称", "学段", "年级", "班级", "学生数"]),
        ("县级指标", &["项目", "数值", "说明"]),
        ("质量监测", &["学科", "学业水平等级", "校际差异率"]),
        (
            "社会认可度",
            &["调查对象", "有效问卷数", "认可问卷数", "权重"],
        ),
        (
            "责任分工",
            &[
                "指标编号",
                "责任单位",
                "牵头单位",
                "责任领导",
                "指标说明",
                "评估重点",
            ],
        ),
        ("佐证材料", &["指标编号", "材料名称", "责任单位", "说明"]),
        ("领导小组", &["职务", "姓名", "单位及职务"]),
        ("实施步骤", &["阶段", "起止时间", "工作内容"]),
        (
            "工作任务",
            &["类别", "标题", "内容", "责任单位", "完成时限"],
        ),
        ("文字材料", &["章节", "内容"]),
        (
            "发展指标",
            &["指标", "单位", "基期值", "目标值", "目标年份"],
        ),
    ];
    assert!(names.iter().any(|n| n == "填表说明"), "{names:?}");
    for (sheet, headers) in expected {
        assert!(names.iter().any(|n| n == sheet), "missing sheet {sheet}");
        let range = wb.worksheet_range(sheet).unwrap();
        let row: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        // Headers carry their unit in brackets; the name before it must match exactly.
        let names: Vec<&str> = row
            .iter()
            .map(|h| h.split('（').next().unwrap_or(h))
            .collect();
        assert_eq!(&names, headers, "headers of {sheet}");
    }
    // All 县级指标 items are pre-filled.
    let items = wb.worksheet_range("县级指标").unwrap();
    let listed: Vec<String> = items
        .rows()
        .skip(1)
        .map(|r| {
            r[0].to_string()
                .split('（')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    let all: Vec<String> = COUNTY_ITEMS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(listed, all);
}

#[test]
fn blank_template_is_rejected_only_for_missing_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = init(dir.path());
    let out = run!("check", path);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains("错误：")).collect();
    assert_eq!(errors.len(), 2, "{err}");
    assert!(err.contains("县区名称"), "{err}");
    assert!(err.contains("没有任何学校数据行"), "{err}");
    // No complaint about the template's own layout.
    assert!(!err.contains("未知"), "{err}");
    assert!(!err.contains("表头"), "{err}");
}

#[test]
fn refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let again = run!("init", dir.path());
    assert_eq!(again.status.code(), Some(2));
    let forced = run!("init", dir.path(), "--force");
    assert_eq!(forced.status.code(), Some(0));
}

/// Fill the template the way a clerk would: 基本信息, two schools, every 县级指标 item,
/// the survey; the optional sheets stay empty.
fn fill(path: &std::path::Path) {
    let mut book = Book::open(path);
    book.set_item("基本信息", "县区名称", s("测试区"));
    book.set_item("基本信息", "成文日期", s("2026-03-16"));
    book.set_item("基本信息", "统计年度", n(2025.0));
    book.set_item("基本信息", "基本均衡认定年份", n(2016.0));

    let schools: [&[(&str, Data)]; 2] = [
        &[
            ("学校名称", s("测试区第一小学")),
            ("学校类型", s("小学")),
            ("城乡类型", s("城区")),
            ("办学性质", s("公办")),
            ("建设年份", n(2018.0)),
            ("小学在校生数", n(900.0)),
            ("小学班级数", n(20.0)),
            ("小学专任教师数", n(50.0)),
            ("小学高于规定学历教师数", n(46.0)),
            ("小学县级以上骨干教师数", n(12.0)),
            ("小学体育艺术专任教师数", n(10.0)),
            ("教学及辅助用房面积", n(4800.0)),
            ("体育运动场馆面积", n(7800.0)),
            ("教学仪器设备值", n(2_100_000.0)),
            ("网络多媒体教室数", n(24.0)),
            ("音乐专用教室数", n(2.0)),
            ("美术专用教室数", n(2.0)),
            ("音乐专用教室最小面积", n(100.0)),
            ("美术专用教室最小面积", n(96.0)),
            ("小学最大班额", n(45.0)),
            ("起始年级学生数", n(150.0)),
            ("起始年级班级数", n(4.0)),
            ("公用经费预算总额", n(800_000.0)),
            ("教师培训经费", n(48_000.0)),
        ],
        &[
            ("学校名称", s("测试区第一中学")),
            ("学校类型", s("初中")),
            ("城乡类型", s("镇区")),
            ("寄宿制", s("是")),
            ("建设年份", n(2019.0)),
            ("初中在校生数", n(700.0)),
            ("初中班级数", n(15.0)),
            ("初中专任教师数", n(62.0)),
            ("初中高于规定学历教师数", n(42.0)),
            ("初中县级以上骨干教师数", n(9.0)),
            ("初中体育艺术专任教师数", n(8.0)),
            ("教学及辅助用房面积", n(4500.0)),
            ("体育运动场馆面积", n(8000.0)),
            ("教学仪器设备值", n(1_900_000.0)),
            ("网络多媒体教室数", n(18.0)),
            ("音乐专用教室数", n(1.0)),
            ("美术专用教室数", n(1.0)),
            ("音乐专用教室最小面积", n(100.0)),
            ("美术专用教室最小面积", n(96.0)),
            ("初中最大班额", n(48.0)),
            ("起始年级学生数", n(240.0)),
            ("起始年级班级数", n(5.0)),
            ("公用经费预算总额", n(700_000.0)),
            ("教师培训经费", n(42_000.0)),
        ],
    ];
    for (i, school) in schools.iter().enumerate() {
        for (header, value) in school.iter() {
            let (_, col) = book.header("学校", header);
            book.set("学校", i + 1, col, value.clone());
        }
    }

    let (_, value_col) = book.header("县级指标", "数值");
    let (_, note_col) = book.header("县级指标", "说明");
    let veto = junheng::model::VETO_ITEMS;
    for (i, (item, kind)) in COUNTY_ITEMS.iter().enumerate() {
        let v = match (item, kind) {
            (i, ItemKind::YesNo) if veto.contains(i) => s("否"),
            (_, ItemKind::YesNo) => s("是"),
            // The county has disabled pupils: 不涉及 would be an error.
            (&"特殊教育学校生均公用经费", _) => n(6000.0),
            (&"教师平均工资收入", _) => n(120_000.0),
            (&"公务员平均工资收入", _) => n(118_000.0),
            (_, ItemKind::Money) => n(8000.0),
            (_, ItemKind::Ratio) => s("100%"),
            (&"五年360学时应完成教师数", _) | (&"五年360学时已完成教师数", _) => {
                n(112.0)
            }
            (&"专任教师数", _) | (&"持证专任教师数", _) => n(112.0),
            (&"符合交流条件教师数", _) => n(40.0),
            (&"交流轮岗教师数", _) => n(8.0),
            (&"交流轮岗骨干教师数", _) => n(2.0),
            (&"符合条件随迁子女数", _) | (&"随迁子女公办学校就读数", _) => {
                n(60.0)
            }
            (&"随迁子女购买服务民办学校就读数", _) => n(0.0),
            (&"初中毕业生数", _) => n(230.0),
            (&"三年内转入复学等增加数", _) => n(3.0),
            (&"三年内转出休学等减少数", _) => n(4.0),
            (&"三年前初一学生数", _) => n(232.0),
            (&"适龄残疾儿童少年数", _) => n(10.0),
            (&"残疾儿童少年入学数", _) => n(10.0),
            _ => n(1.0),
        };
        book.set("县级指标", i + 1, value_col, v);
        book.set("县级指标", i + 1, note_col, s("已落实。"));
    }

    let (_, group) = book.header("社会认可度", "调查对象");
    let (_, valid) = book.header("社会认可度", "有效问卷数");
    let (_, approving) = book.header("社会认可度", "认可问卷数");
    for (i, (g, v, a)) in [
        ("学生", 500.0, 470.0),
        ("家长", 800.0, 730.0),
        ("教师", 100.0, 95.0),
    ]
    .iter()
    .enumerate()
    {
        book.set("社会认可度", i + 1, group, s(g));
        book.set("社会认可度", i + 1, valid, n(*v));
        book.set("社会认可度", i + 1, approving, n(*a));
    }
    book.save(path);
}

#[test]
fn filled_template_passes_check_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let path = init(dir.path());
    fill(&path);
    let out = run!("check", path);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}\n{}", stdout(&out));
    assert!(!err.contains("错误："), "{err}");
    assert!(!err.contains("未知"), "{err}");
    assert!(stdout(&out).contains("检查通过"), "{}", stdout(&out));

    let pdfs = dir.path().join("out");
    let built = run!("build", path, "-o", pdfs);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    for stem in ["实施方案", "责任清单", "自评报告"] {
        assert!(pdfs.join("测试区").join(format!("{stem}.pdf")).is_file());
    }
}

#[test]
fn county_option_prefills_name_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = run!("init", dir.path(), "--county", "白水县");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = dir.path().join("白水县指标工作簿.xlsx");
    let book = Book::open(&path);
    let (_, key) = book.header("基本信息", "项目");
    let (_, value) = book.header("基本信息", "内容");
    let row = book.row_of("基本信息", key, "县区名称");
    assert_eq!(book.get("基本信息", row, value), s("白水县"));
}
