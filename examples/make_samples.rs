//! Writes the bundled sample workbooks under `samples/`.
//!
//! ```text
//! cargo run --example make_samples
//! ```
//!
//! Each sample is a fictional county described as data (one module under
//! `examples/make_samples/`); the sheet writers below are shared. Everything in the
//! samples (places, schools, people, phone numbers, figures) is invented. What each
//! one demonstrates, and the verdict the evaluation should reach, is in
//! `samples/README.md`:
//!
//! * `qinghe.xlsx` 清禾区: the reference workbook (every sheet, bureau-style layout);
//! * `songxi.xlsx` 松溪区: a 征求意见稿 with a cover notice and the 简表 duty list;
//! * `lupu.xlsx` 芦浦区: 红头 正式稿 with the 详表 duty list and a 发展指标 table;
//! * `gulin.xlsx` 鼓林县: a county government's plan with the 分级 duty list;
//! * `qingyang.xlsx` 青杨区: a 46-school district whose self-evaluation passes;
//! * `failing.xlsx` 石门区: fails in several different ways at once.
//!
//! The program does not use the `junheng` library: it only writes the workbooks.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
use std::path::Path;

#[path = "make_samples/gulin.rs"]
mod gulin;
#[path = "make_samples/lupu.rs"]
mod lupu;
#[path = "make_samples/qinghe.rs"]
mod qinghe;
#[path = "make_samples/qingyang.rs"]
mod qingyang;
#[path = "make_samples/shimen.rs"]
mod shimen;
#[path = "make_samples/songxi.rs"]
mod songxi;

#[path = "common/xlsx_table.rs"]
mod xlsx_table;
pub use xlsx_table::*;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Builds one sample's data.
type Maker = fn() -> Sample;

/// Every sample: (file stem, constructor).
const SAMPLES: [(&str, Maker); 6] = [
    ("qinghe", qinghe::sample),
    ("songxi", songxi::sample),
    ("lupu", lupu::sample),
    ("gulin", gulin::sample),
    ("qingyang", qingyang::sample),
    ("failing", shimen::sample),
];

/// Writes every sample, or only those named on the command line (file stems).
fn main() -> Result<()> {
    let only: Vec<String> = std::env::args().skip(1).collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    std::fs::create_dir_all(&dir)?;
    for (stem, make) in SAMPLES {
        if !only.is_empty() && !only.iter().any(|o| o == stem) {
            continue;
        }
        let sample = make();
        assert_eq!(sample.file, format!("{stem}.xlsx"));
        let path = dir.join(sample.file);
        write_sample(&sample, &path)?;
        println!("已生成 {}", path.display());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// A sample county as data
// ---------------------------------------------------------------------------------

/// Document properties of the workbook file.
pub struct Props {
    pub title: &'static str,
    pub author: &'static str,
    pub company: &'static str,
    /// Fixed creation date (keeps the file byte-for-byte reproducible).
    pub created: (u16, u8, u8),
}

/// One row of the 责任分工 sheet. Columns that are blank in every row are not written.
#[derive(Clone, Copy, Default)]
pub struct Duty {
    pub id: &'static str,
    pub units: &'static str,
    pub lead: &'static str,
    pub leader: &'static str,
    pub explanation: &'static str,
    pub focus: &'static str,
}

/// One group of the 社会认可度 survey: (调查对象, 有效问卷数, 认可问卷数, 权重).
pub type Survey = (&'static str, u32, u32, Option<f64>);

/// Everything one sample workbook holds, sheet by sheet.
pub struct Sample {
    pub file: &'static str,
    pub props: Props,
    /// 基本信息: (项目, 内容).
    pub info: Vec<(&'static str, Cell)>,
    /// The merged title row above the 学校 header row.
    pub school_title: &'static str,
    pub schools: Vec<School>,
    /// 教学仪器设备值 in 元 (header `（元）`) instead of 万元.
    pub equipment_in_yuan: bool,
    /// Cells typed as text with thousands separators: (school, column header).
    pub as_text: &'static [(&'static str, &'static str)],
    /// Write the 班级 sheet (otherwise 2.5 is judged on the 最大班额 columns).
    pub class_sheet: bool,
    /// 县级指标: (项目, 数值, 说明).
    pub items: Vec<(&'static str, Cell, String)>,
    /// 质量监测: (学科, 学业水平等级, 校际差异率); empty: no sheet.
    pub quality: Vec<(&'static str, &'static str, f64)>,
    pub recognition: Vec<Survey>,
    /// 责任分工; empty: no sheet (the built-in defaults apply).
    pub duties: Vec<Duty>,
    /// 领导小组: (职务, 姓名, 单位及职务).
    pub leaders: Vec<(&'static str, &'static str, &'static str)>,
    /// 实施步骤: (阶段, 起止时间, 工作内容).
    pub phases: Vec<(&'static str, &'static str, &'static str)>,
    /// 工作任务: (类别, 标题, 内容, 责任单位, 完成时限).
    pub tasks: Vec<Task>,
    /// 文字材料: (章节, 内容).
    pub texts: Vec<(&'static str, &'static str)>,
    /// 发展指标 rows (指标, 单位, 基期值, 目标值, 目标年份); empty: no sheet.
    pub targets: Vec<Vec<Cell>>,
}

pub type Task = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

fn write_sample(s: &Sample, path: &Path) -> Result<()> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let (y, m, d) = s.props.created;
    let created = ExcelDateTime::from_ymd(y, m, d)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(s.props.title)
            .set_author(s.props.author)
            .set_company(s.props.company)
            .set_comment("junheng 示例工作簿：地名、校名、人名和数据均为虚构")
            .set_creation_datetime(&created),
    );
    info_sheet(&mut wb, &f, &s.info)?;
    school_sheet(&mut wb, &f, s)?;
    if s.class_sheet {
        class_sheet(&mut wb, &f, &s.schools)?;
    }
    county_items_sheet(&mut wb, &f, &s.items)?;
    if !s.quality.is_empty() {
        quality_sheet(&mut wb, &f, &s.quality)?;
    }
    recognition_sheet(&mut wb, &f, &s.recognition)?;
    if !s.duties.is_empty() {
        duties_sheet(&mut wb, &f, &s.duties)?;
    }
    leaders_sheet(&mut wb, &f, &s.leaders)?;
    phases_sheet(&mut wb, &f, &s.phases)?;
    tasks_sheet(&mut wb, &f, &s.tasks)?;
    texts_sheet(&mut wb, &f, &s.texts)?;
    if !s.targets.is_empty() {
        targets_sheet(&mut wb, &f, &s.targets)?;
    }
    wb.save(path)?;
    Ok(())
}

// ---------------------------------------------------------------------------------
// Cell values and formats
// ---------------------------------------------------------------------------------

/// Writes `n` with thousands separators as text, the way a number pasted from another
/// system often arrives: "1,861".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
// ---------------------------------------------------------------------------------
// Schools
// ---------------------------------------------------------------------------------

/// Teachers of one stage: full-time, above the required degree (1.1), county-level
/// backbone (1.2), PE and art (1.3).
#[derive(Clone, Copy, Default)]
pub struct Teachers {
    pub total: u32,
    pub above_degree: u32,
    pub backbone: u32,
    pub pe_art: u32,
}

pub const NONE: Teachers = Teachers {
    total: 0,
    above_degree: 0,
    backbone: 0,
    pe_art: 0,
};

pub const fn tc(total: u32, above_degree: u32, backbone: u32, pe_art: u32) -> Teachers {
    Teachers {
        total,
        above_degree,
        backbone,
        pe_art,
    }
}

/// One school (one row of the 学校 sheet, and its classes in the 班级 sheet).
#[derive(Clone, Default)]
pub struct School {
    pub name: &'static str,
    pub kind: &'static str,
    pub locality: &'static str,
    pub private: bool,
    pub boarding: bool,
    pub central_city: bool,
    pub built: u32,
    /// Every class: (grade 1–9, the class sizes of that grade in class order).
    pub classes: Vec<(u32, Vec<u32>)>,
    pub senior_students: u32,
    pub primary: Teachers,
    pub junior: Teachers,
    /// 教学及辅助用房面积, m², whole school.
    pub teaching_area: f64,
    /// 体育运动场馆面积, m², whole school.
    pub sports_area: f64,
    /// 教学仪器设备值, 万元, whole school.
    pub equipment_wan: f64,
    pub multimedia_rooms: u32,
    pub music_rooms: (u32, f64),
    pub art_rooms: (u32, f64),
    pub teaching_area_building: Option<f64>,
    pub sports_area_building: Option<f64>,
    pub sports_area_rented: Option<f64>,
    pub size_approved: bool,
    /// 公用经费预算总额 and 教师培训经费, 元.
    pub public_funds: f64,
    pub training_funds: f64,
    pub note: &'static str,
}

/// The classes of a literal school: (grade, class sizes).
pub fn cls(spec: &[(u32, &[u32])]) -> Vec<(u32, Vec<u32>)> {
    spec.iter().map(|(g, s)| (*g, s.to_vec())).collect()
}

impl School {
    pub fn students(&self, primary: bool) -> u32 {
        self.classes
            .iter()
            .filter(|(g, _)| (*g <= 6) == primary)
            .map(|(_, sizes)| sizes.iter().sum::<u32>())
            .sum()
    }

    pub fn class_count(&self, primary: bool) -> u32 {
        self.classes
            .iter()
            .filter(|(g, _)| (*g <= 6) == primary)
            .map(|(_, sizes)| sizes.len() as u32)
            .sum()
    }

    fn max_class(&self, primary: bool) -> Option<u32> {
        self.classes
            .iter()
            .filter(|(g, _)| (*g <= 6) == primary)
            .flat_map(|(_, sizes)| sizes.iter().copied())
            .max()
    }

    /// 起始年级: 一年级 when the school has primary classes, otherwise 七年级.
    fn starting_grade(&self) -> (u32, u32) {
        let first = if self.class_count(true) > 0 { 1 } else { 7 };
        self.classes
            .iter()
            .filter(|(g, _)| *g == first)
            .fold((0, 0), |(n, s), (_, sizes)| {
                (n + sizes.len() as u32, s + sizes.iter().sum::<u32>())
            })
    }

    // Builder-style adjustments for generated schools.

    pub fn boarding(mut self) -> Self {
        self.boarding = true;
        self
    }

    pub fn private(mut self) -> Self {
        self.private = true;
        self
    }

    pub fn central(mut self) -> Self {
        self.central_city = true;
        self
    }

    pub fn note(mut self, note: &'static str) -> Self {
        self.note = note;
        self
    }

    pub fn with(mut self, f: impl FnOnce(&mut School)) -> Self {
        f(&mut self);
        self
    }
}

// ---------------------------------------------------------------------------------
// Generated schools: figures derived from the classes
// ---------------------------------------------------------------------------------

/// Standards of 1.1–1.7 (REFERENCE.md §1): (primary, junior).
const STANDARDS: [(f64, f64); 7] = [
    (4.2, 5.3),
    (1.0, 1.0),
    (0.9, 0.9),
    (4.5, 5.8),
    (7.5, 10.2),
    (2000.0, 2500.0),
    (2.3, 2.4),
];

/// Split weights 小学 : 初中 : 高中 (the default `1:1.1:1.32`).
const WEIGHTS: (f64, f64, f64) = (1.0, 1.1, 1.32);

/// A small deterministic hash of a school name, to vary generated figures.
fn hash(name: &str) -> u32 {
    name.chars()
        .fold(17u32, |h, c| h.wrapping_mul(31).wrapping_add(c as u32))
}

/// Class sizes for grades `first..` with `per_grade[i]` classes each, around `mean`
/// (±2), never above `cap`.
fn make_classes(
    first: u32,
    per_grade: &[u32],
    mean: u32,
    cap: u32,
    h: u32,
) -> Vec<(u32, Vec<u32>)> {
    per_grade
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, &n)| {
            let g = first + i as u32;
            let sizes = (0..n)
                .map(|k| (mean + (h + g * 5 + k * 3) % 5).saturating_sub(2).min(cap))
                .collect();
            (g, sizes)
        })
        .collect()
}

/// A school whose teachers, buildings, equipment, rooms and budgets are derived from
/// its classes so that every resource indicator is at least `margin` × its standard
/// (each indicator gets a further 0–25% on top, varied by the school's name).
///
/// `primary` / `junior`: classes per grade (一至六年级 / 七至九年级; empty when the
/// school has no such stage) and the mean class size.
pub fn school(
    name: &'static str,
    kind: &'static str,
    locality: &'static str,
    built: u32,
    primary: (&[u32], u32),
    junior: (&[u32], u32),
    margin: f64,
) -> School {
    let h = hash(name);
    let mut classes = make_classes(1, primary.0, primary.1, 45, h);
    classes.extend(make_classes(7, junior.0, junior.1, 50, h / 7));
    let mut s = School {
        name,
        kind,
        locality,
        built,
        classes,
        ..School::default()
    };
    let r = |k: u32| margin * (1.0 + 0.05 * f64::from((h / (k + 3)) % 6));
    let (p, j) = (s.students(true), s.students(false));
    let teachers = |n: u32, stage: usize, ratio: f64| -> Teachers {
        if n == 0 {
            return Teachers::default();
        }
        let need = |k: usize| {
            let std = if stage == 0 {
                STANDARDS[k].0
            } else {
                STANDARDS[k].1
            };
            (std * f64::from(n) / 100.0 * r(k as u32)).ceil() as u32
        };
        let (a, b, c) = (need(0), need(1), need(2));
        let total = ((f64::from(n) / ratio).ceil() as u32).max(a + 2);
        tc(total, a, b, c)
    };
    s.primary = teachers(p, 0, 15.5 + f64::from(h % 3));
    s.junior = teachers(j, 1, 11.5 + f64::from(h % 3));
    // Whole-school resources: enough per weighted pupil for every stage present.
    let weighted = |k: usize| -> f64 {
        let (wp, wj, _) = WEIGHTS;
        let (sp, sj) = STANDARDS[k];
        match (p > 0, j > 0) {
            (true, true) => {
                let total = wp * f64::from(p) + wj * f64::from(j);
                total * (sp / wp).max(sj / wj)
            }
            (true, false) => f64::from(p) * sp,
            // 初中 (a 完全中学 gets its senior share from `with_senior`).
            _ => f64::from(j) * sj,
        }
    };
    s.teaching_area = (weighted(3) * r(3) / 10.0).ceil() * 10.0;
    s.sports_area = (weighted(4) * r(4) / 10.0).ceil() * 10.0;
    s.equipment_wan = (weighted(5) * r(5) / 100.0).ceil() / 100.0;
    s.multimedia_rooms = (weighted(6) * r(6) / 100.0).ceil() as u32;
    let rooms = (s.class_count(true) + s.class_count(false))
        .div_ceil(12)
        .max(1);
    s.music_rooms = (rooms, 96.0 + f64::from(h % 4) * 4.0);
    s.art_rooms = (rooms + h % 2, 90.0 + f64::from(h % 5) * 3.0);
    s.public_funds = (f64::from(p) * 800.0 + f64::from(j) * 1000.0 + 60_000.0).round();
    let share = 0.05 + 0.004 * f64::from(h % 6);
    s.training_funds = (s.public_funds * share / 100.0).ceil() * 100.0;
    s
}

/// A 完全中学 or 十二年一贯制: `school` with a senior section whose share of the
/// whole-school resources is added on top.
pub fn with_senior(mut s: School, senior: u32) -> School {
    let (p, j) = (f64::from(s.students(true)), f64::from(s.students(false)));
    let (wp, wj, ws) = WEIGHTS;
    let before = wp * p + wj * j;
    let factor = (before + ws * f64::from(senior)) / before;
    s.senior_students = senior;
    s.teaching_area = (s.teaching_area * factor / 10.0).ceil() * 10.0;
    s.sports_area = (s.sports_area * factor / 10.0).ceil() * 10.0;
    s.equipment_wan = (s.equipment_wan * factor * 100.0).ceil() / 100.0;
    s.multimedia_rooms = (f64::from(s.multimedia_rooms) * factor).ceil() as u32;
    s.public_funds = (s.public_funds * factor).round();
    s.training_funds = (s.training_funds * factor / 100.0).ceil() * 100.0;
    s
}

/// Full-time teachers of all schools, both stages (县级指标 专任教师数).
pub fn total_teachers(schools: &[School]) -> u32 {
    schools
        .iter()
        .map(|s| s.primary.total + s.junior.total)
        .sum()
}

// ---------------------------------------------------------------------------------
// The county-level items (县级指标)
// ---------------------------------------------------------------------------------

/// The figures behind the 县级指标 sheet. `standard_items` turns them into the 44
/// rows with an evidence sentence each; a sample may then replace single notes.
pub struct Figures {
    /// 县区名称, e.g. 松溪区.
    pub county: &'static str,
    /// 区 or 县.
    pub level: &'static str,
    /// 省 for the equipment standard, e.g. 江汉省.
    pub province: &'static str,
    pub year: u32,
    pub schools: usize,
    pub teacher_pay: u32,
    pub civil_pay: u32,
    pub training: (u32, u32),
    /// 符合交流条件, 交流轮岗, 其中骨干.
    pub rotation: (u32, u32, u32),
    pub teachers: u32,
    pub certified: u32,
    pub nearby: (Cell, Cell),
    pub quota: Cell,
    /// 符合条件随迁子女, 公办就读, 购买服务民办就读.
    pub migrants: (u32, u32, u32),
    /// 初中毕业生, 转入复学等增加, 转出休学等减少, 三年前初一.
    pub retention: (u32, u32, u32, u32),
    pub disabled: (u32, u32),
    /// 特殊教育学校生均公用经费 (元), or None = 不涉及.
    pub special_funding: Option<u32>,
    /// Some small school is funded as 100 students (otherwise 不涉及).
    pub small_schools: bool,
    /// The six veto items (以考试方式招生 … 弄虚作假), true = present.
    pub veto: [bool; 6],
}

pub const VETO_ITEMS: [&str; 6] = [
    "以考试方式招生",
    "违规择校",
    "重点学校或重点班",
    "有编不补或长期聘用编外教师",
    "重大安全责任事故或严重违纪违规",
    "弄虚作假",
];

/// The 44 县级指标 rows for `f`, each with a short evidence sentence.
pub fn standard_items(f: &Figures) -> Vec<(&'static str, Cell, String)> {
    let c = f.county;
    let l = f.level;
    let y = f.year;
    let yes_ = || t("是");
    let mut v: Vec<(&'static str, Cell, String)> = vec![
        (
            "规划布局合理",
            yes_(),
            format!(
                "《{c}中小学校布局规划》经{l}人民政府批复实施，新建住宅小区配套学校与住宅同步规划、同步建设、同步交付使用。"
            ),
        ),
        (
            "建设标准统一",
            yes_(),
            format!(
                "{c}城乡义务教育学校执行同一建设标准，新建、改扩建项目由{l}教育、住建部门联合审查设计方案。"
            ),
        ),
        (
            "教师编制标准统一",
            yes_(),
            format!(
                "{l}委编办按城乡统一标准核定中小学教职工编制，乡村小规模学校按生师比与班师比相结合核编。"
            ),
        ),
        (
            "生均公用经费基准定额统一",
            yes_(),
            "城乡小学、初中生均公用经费分别按每生每年800元、1000元统一拨付。".to_string(),
        ),
        (
            "基本装备配置标准统一",
            yes_(),
            format!(
                "执行{}中小学教育技术装备标准，城乡学校按同一目录配置仪器设备。",
                f.province
            ),
        ),
        (
            "小规模学校按100人核定公用经费",
            if f.small_schools {
                yes_()
            } else {
                t("不涉及")
            },
            if f.small_schools {
                "不足100人的小规模学校和教学点均按100人核定公用经费。".to_string()
            } else {
                format!("{c}没有不足100人的小规模学校。")
            },
        ),
        (
            "特殊教育学校生均公用经费",
            f.special_funding.map_or(t("不涉及"), int),
            match f.special_funding {
                Some(n) => {
                    format!("特殊教育学校学生及随班就读、送教上门学生按每生每年{n}元拨付公用经费。")
                }
                None => format!(
                    "{c}未设特殊教育学校，残疾学生在普通学校随班就读，按每生每年6000元以上拨付公用经费。"
                ),
            },
        ),
        (
            "教师平均工资收入",
            int(f.teacher_pay),
            format!(
                "{y}年义务教育学校教师年平均工资收入{}元，取自{l}人社局工资统计年报。",
                f.teacher_pay
            ),
        ),
        (
            "公务员平均工资收入",
            int(f.civil_pay),
            format!(
                "{y}年本{l}公务员年平均工资收入{}元，由{l}人社局、{l}财政局联合核定。",
                f.civil_pay
            ),
        ),
        (
            "绩效工资足额核定",
            yes_(),
            "义务教育学校绩效工资总量按规定足额核定，乡村教师生活补助按月发放。".to_string(),
        ),
        (
            "五年360学时应完成教师数",
            int(f.training.0),
            "统计口径为本培训周期内在岗满五年的专任教师。".to_string(),
        ),
        (
            "五年360学时已完成教师数",
            int(f.training.1),
            "以教师继续教育管理平台登记学时为准。".to_string(),
        ),
        (
            "编制岗位统筹分配",
            yes_(),
            format!(
                "实行“{l}管校聘”，{l}教育局在核定的编制总额和岗位总量内统筹分配各校编制和岗位。"
            ),
        ),
        (
            "符合交流条件教师数",
            int(f.rotation.0),
            "在同一所公办学校连续任教满6年的专任教师。".to_string(),
        ),
        (
            "交流轮岗教师数",
            int(f.rotation.1),
            format!("{y}学年实际交流轮岗教师数，以交流文件和到岗记录为准。"),
        ),
        (
            "交流轮岗骨干教师数",
            int(f.rotation.2),
            format!("交流轮岗教师中{l}级以上骨干教师人数。"),
        ),
        (
            "专任教师数",
            int(f.teachers),
            "义务教育学校（含民办学校、特殊教育学校，不含高中部）专任教师数。".to_string(),
        ),
        (
            "持证专任教师数",
            int(f.certified),
            "已与教师资格管理信息系统逐人核对。".to_string(),
        ),
        (
            "小学就近划片入学比例",
            f.nearby.0.clone(),
            "城区和镇区公办小学（不含寄宿制学校）就近划片入学比例。".to_string(),
        ),
        (
            "初中就近划片入学比例",
            f.nearby.1.clone(),
            "城区和镇区公办初中（不含寄宿制学校）就近划片入学比例。".to_string(),
        ),
        (
            "优质高中名额分配比例",
            f.quota.clone(),
            format!("{y}年优质普通高中招生计划按名额分配方式下达到各初中的比例。"),
        ),
        (
            "名额分配向农村初中倾斜",
            yes_(),
            "分配名额在按毕业生数比例分配的基础上向农村初中上浮。".to_string(),
        ),
        (
            "留守儿童关爱体系健全",
            yes_(),
            "建立留守儿童信息台账和结对帮扶制度，学校、家庭、村（社区）共同落实关爱措施。"
                .to_string(),
        ),
        (
            "符合条件随迁子女数",
            int(f.migrants.0),
            format!("{y}年秋季学期符合入学条件的进城务工人员随迁子女数。"),
        ),
        (
            "随迁子女公办学校就读数",
            int(f.migrants.1),
            "在公办义务教育学校就读的随迁子女数。".to_string(),
        ),
        (
            "随迁子女购买服务民办学校就读数",
            int(f.migrants.2),
            "通过政府购买学位在民办学校就读的随迁子女数。".to_string(),
        ),
        (
            "初中毕业生数",
            int(f.retention.0),
            format!("{y}年6月初中毕业生数，以学籍系统毕业名单为准。"),
        ),
        (
            "三年内转入复学等增加数",
            int(f.retention.1),
            "该届学生三年内转入、复学等增加人数。".to_string(),
        ),
        (
            "三年内转出休学等减少数",
            int(f.retention.2),
            "该届学生三年内转出、休学、死亡等减少人数。".to_string(),
        ),
        (
            "三年前初一学生数",
            int(f.retention.3),
            "该届学生七年级入学时的在校生数。".to_string(),
        ),
        (
            "适龄残疾儿童少年数",
            int(f.disabled.0),
            format!("{l}残联提供并经学籍系统比对的适龄残疾儿童少年数。"),
        ),
        (
            "残疾儿童少年入学数",
            int(f.disabled.1),
            "含特殊教育学校就读、随班就读和送教上门。".to_string(),
        ),
        (
            "学校章程制定",
            yes_(),
            format!("全{l}{}所义务教育学校均已制定章程并经核准。", f.schools),
        ),
        (
            "管理与教学信息化",
            yes_(),
            "学籍、资产、排课、评价等业务在智慧教育平台统一办理。".to_string(),
        ),
        (
            "教师信息化教学",
            yes_(),
            "教师信息技术应用能力校本考核全部合格，信息化教学常态化开展。".to_string(),
        ),
        (
            "德育与校园文化良好",
            yes_(),
            format!("{y}年德育与校园文化建设专项评估中，所有学校均达到良好以上。"),
        ),
        (
            "课程开齐开足",
            yes_(),
            "各校按国家课程方案排课，音体美、劳动、信息科技课程均按规定课时开设。".to_string(),
        ),
        (
            "无过重课业负担",
            yes_(),
            "作业总量和时长管控落实到位，作业时长抽查全部达标。".to_string(),
        ),
    ];
    let veto_notes = [
        "招生全部通过招生入学平台办理，未组织入学考试或测试。",
        "公办、民办学校同步招生，民办学校报名超过计划的电脑随机录取。",
        "起始年级均衡编班，未设置重点学校或重点班。",
        "空编岗位当年公开招聘补充，未长期聘用编外教师。",
        "近三年教育系统未发生重大安全责任事故和严重违纪违规事件。",
        "申报数据以教育事业统计年报为准，经统计部门核对。",
    ];
    for (i, name) in VETO_ITEMS.iter().enumerate() {
        v.push((*name, yes(f.veto[i]), veto_notes[i].to_string()));
    }
    v
}

/// Replace the evidence sentence of one 县级指标 item.
pub fn set_note(items: &mut [(&'static str, Cell, String)], name: &str, note: &str) {
    let item = items
        .iter_mut()
        .find(|(n, _, _)| *n == name)
        .unwrap_or_else(|| panic!("no item {name}"));
    item.2 = note.to_string();
}

// ---------------------------------------------------------------------------------
// The sheet writers
// ---------------------------------------------------------------------------------

fn school_sheet(wb: &mut Workbook, f: &Formats, sample: &Sample) -> Result<()> {
    let cols = school_columns(sample.equipment_in_yuan);
    let count = |n: u32| if n == 0 { Cell::Blank } else { int(n) };
    let area = |a: Option<f64>| a.map_or(Cell::Blank, |a| Cell::Num(a, "#,##0"));
    let mut rows = Vec::new();
    for (i, s) in sample.schools.iter().enumerate() {
        let (ps, js) = (s.students(true), s.students(false));
        let (pc, jc) = (s.class_count(true), s.class_count(false));
        let (start_classes, start_students) = s.starting_grade();
        let has_p = pc > 0;
        let has_j = jc > 0;
        let per = |has: bool, n: u32| if has { int(n) } else { Cell::Blank };
        let mut row = vec![
            int(i as i64 + 1),
            t(s.name),
            t(s.kind),
            t(if s.private { "民办" } else { "公办" }),
            t(s.locality),
            yes(s.central_city),
            yes(s.boarding),
            int(s.built),
            count(pc),
            count(ps),
            count(jc),
            count(js),
            count(s.senior_students),
            per(has_p, s.primary.total),
            per(has_p, s.primary.above_degree),
            per(has_p, s.primary.backbone),
            per(has_p, s.primary.pe_art),
            per(has_j, s.junior.total),
            per(has_j, s.junior.above_degree),
            per(has_j, s.junior.backbone),
            per(has_j, s.junior.pe_art),
            Cell::Num(s.teaching_area, "#,##0"),
            Cell::Num(s.sports_area, "#,##0"),
            if sample.equipment_in_yuan {
                Cell::Num((s.equipment_wan * 10_000.0).round(), "#,##0")
            } else {
                Cell::Num(s.equipment_wan, "0.00")
            },
            int(s.multimedia_rooms),
            int(s.music_rooms.0),
            Cell::Num(s.music_rooms.1, "0"),
            int(s.art_rooms.0),
            Cell::Num(s.art_rooms.1, "0"),
            s.max_class(true).map_or(Cell::Blank, int),
            s.max_class(false).map_or(Cell::Blank, int),
            int(start_classes),
            int(start_students),
            yes(s.size_approved),
            area(s.teaching_area_building),
            area(s.sports_area_building),
            area(s.sports_area_rented),
            Cell::Num(s.public_funds, "#,##0"),
            Cell::Num(s.training_funds, "#,##0"),
            if s.note.is_empty() {
                Cell::Blank
            } else {
                t(s.note)
            },
        ];
        for (school, header) in sample.as_text {
            if *school == s.name {
                let c = cols
                    .iter()
                    .position(|c| c.header == *header)
                    .expect("column");
                row[c] = match &row[c] {
                    Cell::Int(n) => t(thousands(*n as u64)),
                    Cell::Num(x, _) => t(thousands(*x as u64)),
                    other => other.clone(),
                };
            }
        }
        assert_eq!(row.len(), cols.len());
        rows.push(row);
    }
    let ws = wb.add_worksheet().set_name("学校")?;
    table(ws, f, Some(sample.school_title), &cols, &rows)?;
    ws.set_row_height(1, 48)?;
    ws.set_freeze_panes(2, 2)?;
    Ok(())
}

fn class_sheet(wb: &mut Workbook, f: &Formats, schools: &[School]) -> Result<()> {
    const GRADES: [&str; 9] = [
        "一年级",
        "二年级",
        "三年级",
        "四年级",
        "五年级",
        "六年级",
        "七年级",
        "八年级",
        "九年级",
    ];
    let cols = [
        col("学校名称", 24.0),
        col("学段", 8.0),
        col("年级", 9.0),
        col("班级", 8.0),
        col("学生数", 8.0),
    ];
    let mut rows = Vec::new();
    for s in schools {
        for (grade, sizes) in &s.classes {
            for (k, n) in sizes.iter().enumerate() {
                rows.push(vec![
                    t(s.name),
                    t(if *grade <= 6 { "小学" } else { "初中" }),
                    t(GRADES[*grade as usize - 1]),
                    t(format!("{}班", k + 1)),
                    int(*n),
                ]);
            }
        }
    }
    let ws = wb.add_worksheet().set_name("班级")?;
    table(ws, f, None, &cols, &rows)?;
    ws.autofilter(0, 0, rows.len() as u32, cols.len() as u16 - 1)?;
    Ok(())
}

fn info_sheet(wb: &mut Workbook, f: &Formats, info: &[(&'static str, Cell)]) -> Result<()> {
    let rows: Vec<Vec<Cell>> = info.iter().map(|(k, v)| vec![t(*k), v.clone()]).collect();
    let ws = wb.add_worksheet().set_name("基本信息")?;
    table(ws, f, None, &[col("项目", 26.0), col("内容", 36.0)], &rows)?;
    Ok(())
}

fn county_items_sheet(
    wb: &mut Workbook,
    f: &Formats,
    items: &[(&'static str, Cell, String)],
) -> Result<()> {
    let rows: Vec<Vec<Cell>> = items
        .iter()
        .map(|(name, value, note)| vec![t(*name), value.clone(), t(note.as_str())])
        .collect();
    let ws = wb.add_worksheet().set_name("县级指标")?;
    table(
        ws,
        f,
        None,
        &[col("项目", 30.0), col("数值", 12.0), wcol("说明", 70.0)],
        &rows,
    )?;
    Ok(())
}

fn quality_sheet(
    wb: &mut Workbook,
    f: &Formats,
    data: &[(&'static str, &'static str, f64)],
) -> Result<()> {
    let rows: Vec<Vec<Cell>> = data
        .iter()
        .map(|(s, l, r)| vec![t(*s), t(*l), Cell::Num(*r, "0.00")])
        .collect();
    let ws = wb.add_worksheet().set_name("质量监测")?;
    table(
        ws,
        f,
        None,
        &[
            col("学科", 14.0),
            col("学业水平等级", 14.0),
            col("校际差异率", 12.0),
        ],
        &rows,
    )?;
    Ok(())
}

fn recognition_sheet(wb: &mut Workbook, f: &Formats, data: &[Survey]) -> Result<()> {
    let weighted = data.iter().any(|g| g.3.is_some());
    let rows: Vec<Vec<Cell>> = data
        .iter()
        .map(|(g, v, a, w)| {
            let mut row = vec![t(*g), int(*v), int(*a)];
            if weighted {
                row.push(w.map_or(Cell::Blank, |w| Cell::Num(w, "0.00")));
            }
            row
        })
        .collect();
    let mut cols = vec![
        col("调查对象", 12.0),
        col("有效问卷数", 12.0),
        col("认可问卷数", 12.0),
    ];
    if weighted {
        cols.push(col("权重", 8.0));
    }
    let ws = wb.add_worksheet().set_name("社会认可度")?;
    table(ws, f, None, &cols, &rows)?;
    Ok(())
}

fn duties_sheet(wb: &mut Workbook, f: &Formats, data: &[Duty]) -> Result<()> {
    type Field = fn(&Duty) -> &'static str;
    let all: [(Col, Field); 6] = [
        (col("指标编号", 9.0), |d| d.id),
        (wcol("责任单位", 30.0), |d| d.units),
        (wcol("牵头单位", 16.0), |d| d.lead),
        (wcol("责任领导", 20.0), |d| d.leader),
        (wcol("指标说明", 50.0), |d| d.explanation),
        (wcol("评估重点", 36.0), |d| d.focus),
    ];
    let used: Vec<(Col, Field)> = all
        .into_iter()
        .filter(|(_, get)| data.iter().any(|d| !get(d).is_empty()))
        .collect();
    let rows: Vec<Vec<Cell>> = data
        .iter()
        .map(|d| {
            used.iter()
                .map(|(_, get)| match get(d) {
                    "" => Cell::Blank,
                    s => t(s),
                })
                .collect()
        })
        .collect();
    let cols: Vec<Col> = used.into_iter().map(|(c, _)| c).collect();
    let ws = wb.add_worksheet().set_name("责任分工")?;
    table(ws, f, None, &cols, &rows)?;
    Ok(())
}

fn leaders_sheet(
    wb: &mut Workbook,
    f: &Formats,
    data: &[(&'static str, &'static str, &'static str)],
) -> Result<()> {
    let rows: Vec<Vec<Cell>> = data
        .iter()
        .map(|(r, n, p)| vec![t(*r), t(*n), t(*p)])
        .collect();
    let ws = wb.add_worksheet().set_name("领导小组")?;
    table(
        ws,
        f,
        None,
        &[
            col("职务", 12.0),
            col("姓名", 10.0),
            col("单位及职务", 40.0),
        ],
        &rows,
    )?;
    Ok(())
}

fn phases_sheet(
    wb: &mut Workbook,
    f: &Formats,
    data: &[(&'static str, &'static str, &'static str)],
) -> Result<()> {
    let rows: Vec<Vec<Cell>> = data
        .iter()
        .map(|(a, b, c)| vec![t(*a), t(*b), t(*c)])
        .collect();
    let ws = wb.add_worksheet().set_name("实施步骤")?;
    table(
        ws,
        f,
        None,
        &[
            col("阶段", 26.0),
            col("起止时间", 22.0),
            wcol("工作内容", 80.0),
        ],
        &rows,
    )?;
    Ok(())
}

fn tasks_sheet(wb: &mut Workbook, f: &Formats, data: &[Task]) -> Result<()> {
    let rows: Vec<Vec<Cell>> = data
        .iter()
        .map(|(c, ti, co, u, d)| vec![t(*c), t(*ti), t(*co), t(*u), t(*d)])
        .collect();
    let ws = wb.add_worksheet().set_name("工作任务")?;
    table(
        ws,
        f,
        None,
        &[
            col("类别", 14.0),
            col("标题", 22.0),
            wcol("内容", 70.0),
            wcol("责任单位", 30.0),
            col("完成时限", 12.0),
        ],
        &rows,
    )?;
    Ok(())
}

fn texts_sheet(
    wb: &mut Workbook,
    f: &Formats,
    data: &[(&'static str, &'static str)],
) -> Result<()> {
    let rows: Vec<Vec<Cell>> = data.iter().map(|(a, b)| vec![t(*a), t(*b)]).collect();
    let ws = wb.add_worksheet().set_name("文字材料")?;
    table(
        ws,
        f,
        None,
        &[col("章节", 16.0), wcol("内容", 100.0)],
        &rows,
    )?;
    Ok(())
}

fn targets_sheet(wb: &mut Workbook, f: &Formats, rows: &[Vec<Cell>]) -> Result<()> {
    let ws = wb.add_worksheet().set_name("发展指标")?;
    table(
        ws,
        f,
        None,
        &[
            col("指标", 36.0),
            col("单位", 8.0),
            col("基期值", 10.0),
            col("目标值", 10.0),
            col("目标年份", 10.0),
        ],
        rows,
    )?;
    Ok(())
}
