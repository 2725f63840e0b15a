//! Writes a synthetic county workbook of any size, for benchmarks and stress tests.
//!
//! ```text
//! cargo run --release --example synth_county -- SCHOOLS [SEED] [OUTPUT.xlsx]
//! cargo run --release --example synth_county -- 300 7 target/bench/synth-300.xlsx
//! ```
//!
//! The same (SCHOOLS, SEED) always gives the same workbook, byte for byte. The layout
//! copies `examples/make_samples.rs` (a merged title row above the 学校 header, units in
//! the headers, every sheet of the format). The spread is meant to look like a real
//! county: about 55% 小学, a quarter 初中, some 九年一贯制 and 完全中学 schools, a few
//! 教学点 and private schools, one 特殊教育学校 per 150 schools; every class is listed in
//! 班级 and agrees with 学校. Most school parts meet all seven resource indicators, about
//! one in six falls short on one (still compliant at ≥ 85%), about one in twenty is not
//! compliant, and a few classes exceed the 45/50 limit, so every table of the report
//! has content of both kinds. Every name and figure is invented.
//!
//! The program does not use the `junheng` library: it only writes the workbook.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
use std::collections::HashSet;
use std::path::PathBuf;

#[path = "common/xlsx_table.rs"]
mod xlsx_table;
pub use xlsx_table::*;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--edit`: the same workbook with one cell changed (the first school's 小学高于规定学历
    // 教师数 plus one), for measuring a `watch` rebuild after a save.
    let edit = args.iter().any(|a| a == "--edit");
    args.retain(|a| a != "--edit");
    let usage = "用法：synth_county 学校数 [随机种子] [输出.xlsx] [--edit]";
    let schools: usize = match args.first().map(|a| a.parse()) {
        Some(Ok(n)) if (1..=20_000).contains(&n) => n,
        _ => return Err(usage.into()),
    };
    let seed: u64 = match args.get(1).map(|a| a.parse()) {
        None => 1,
        Some(Ok(s)) => s,
        Some(Err(_)) => return Err(usage.into()),
    };
    let path = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(format!("synth-{schools}-{seed}.xlsx")));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut county = County::generate(schools, seed);
    if edit
        && let Some(school) = county
            .schools
            .iter_mut()
            .find(|s| s.teachers[0].total > s.teachers[0].above_degree)
    {
        school.teachers[0].above_degree += 1;
    }
    county.write(&path)?;
    let classes: usize = county.schools.iter().map(|s| s.classes.len()).sum();
    println!(
        "已生成 {}：{}，{} 所学校，{} 个班{}",
        path.display(),
        county.name,
        county.schools.len(),
        classes,
        if edit { "（改动一格）" } else { "" }
    );
    Ok(())
}

// ---------------------------------------------------------------------------------
// Deterministic random numbers (SplitMix64: no dependency, same stream everywhere)
// ---------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi].
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next_u64() % u64::from(hi - lo + 1)) as u32
    }

    fn float(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
}

// ---------------------------------------------------------------------------------
// The synthetic county
// ---------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Primary,
    Junior,
    NineYear,
    TwelveYear,
    Complete,
    TeachingPoint,
    Special,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Primary => "小学",
            Kind::Junior => "初中",
            Kind::NineYear => "九年一贯制",
            Kind::TwelveYear => "十二年一贯制",
            Kind::Complete => "完全中学",
            Kind::TeachingPoint => "教学点",
            Kind::Special => "特殊教育学校",
        }
    }

    /// The grades (1–9) this kind of school teaches.
    fn grades(self) -> std::ops::RangeInclusive<u32> {
        match self {
            Kind::Primary => 1..=6,
            Kind::TeachingPoint => 1..=4,
            Kind::Junior | Kind::Complete => 7..=9,
            Kind::NineYear | Kind::TwelveYear | Kind::Special => 1..=9,
        }
    }

    fn has_senior(self) -> bool {
        matches!(self, Kind::TwelveYear | Kind::Complete)
    }
}

/// Per-100-students (1.1–1.3, 1.7) and per-student (1.4–1.6) standards, primary / junior.
const STANDARDS: [[f64; 2]; 7] = [
    [4.2, 5.3],
    [1.0, 1.0],
    [0.9, 0.9],
    [4.5, 5.8],
    [7.5, 10.2],
    [2000.0, 2500.0],
    [2.3, 2.4],
];

/// 一贯制拆分权重 (小学:初中:高中), as written in 基本信息.
const WEIGHTS: [f64; 3] = [1.0, 1.1, 1.32];

#[derive(Default, Clone, Copy)]
struct Teachers {
    total: u32,
    above_degree: u32,
    backbone: u32,
    pe_art: u32,
}

struct School {
    name: String,
    kind: Kind,
    locality: &'static str,
    private: bool,
    boarding: bool,
    central_city: bool,
    built: u32,
    /// Every class: (grade 1–9, students).
    classes: Vec<(u32, u32)>,
    senior_students: u32,
    teachers: [Teachers; 2],
    teaching_area: f64,
    sports_area: f64,
    equipment_wan: f64,
    multimedia_rooms: u32,
    music_rooms: (u32, f64),
    art_rooms: (u32, f64),
    teaching_area_building: Option<f64>,
    public_funds: f64,
    training_funds: f64,
    note: String,
}

impl School {
    fn students(&self, stage: usize) -> u32 {
        self.classes
            .iter()
            .filter(|(g, _)| usize::from(*g > 6) == stage)
            .map(|(_, n)| n)
            .sum()
    }

    fn class_count(&self, stage: usize) -> u32 {
        self.classes
            .iter()
            .filter(|(g, _)| usize::from(*g > 6) == stage)
            .count() as u32
    }

    fn max_class(&self, stage: usize) -> Option<u32> {
        self.classes
            .iter()
            .filter(|(g, _)| usize::from(*g > 6) == stage)
            .map(|(_, n)| *n)
            .max()
    }

    fn starting_grade(&self) -> (u32, u32) {
        let first = if self.class_count(0) > 0 { 1 } else { 7 };
        self.classes
            .iter()
            .filter(|(g, _)| *g == first)
            .fold((0, 0), |(c, s), (_, n)| (c + 1, s + n))
    }
}

struct County {
    name: String,
    /// 区 or 县.
    level: &'static str,
    schools: Vec<School>,
    seed: u64,
}

const SYLLABLES: &[&str] = &[
    "青", "石", "柳", "塘", "白", "沙", "桃", "源", "清", "溪", "云", "岭", "松", "林", "枫", "桥",
    "杏", "花", "梅", "湾", "竹", "园", "金", "山", "银", "河", "东", "坪", "西", "岗", "南", "湖",
    "北", "苑", "长", "乐", "永", "安", "新", "华", "龙", "泉", "凤", "鸣", "丰", "禾", "平", "江",
    "鹤", "峰",
];
const ROADS: &[&str] = &[
    "文昌路",
    "人民路",
    "解放路",
    "建设路",
    "育才路",
    "滨河路",
    "中山路",
    "学府路",
    "朝阳路",
    "胜利路",
    "和平路",
    "光明路",
    "振兴路",
    "友谊路",
    "新华路",
    "书院街",
];
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

impl County {
    fn generate(n: usize, seed: u64) -> County {
        let mut rng = Rng(seed ^ (n as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        // The name follows from the seed alone, so seeds 1…5202 give 5202 different
        // counties (a folder build refuses two workbooks of one county); the draws are
        // still made so that the rest of the county is what it always was.
        let _ = (rng.pick(SYLLABLES), rng.pick(SYLLABLES), rng.chance(0.5));
        let syllables = SYLLABLES.len() as u64;
        let syllable = |k: u64| {
            SYLLABLES
                .get((k % syllables) as usize)
                .copied()
                .unwrap_or("阳")
        };
        let level = if (seed / (syllables * syllables)).is_multiple_of(2) {
            "区"
        } else {
            "县"
        };
        let name = format!("{}{}{level}", syllable(seed), syllable(seed / syllables));
        let mut used = HashSet::new();
        let mut schools = Vec::with_capacity(n);
        let specials = n.div_ceil(150).min(n);
        for i in 0..n {
            let kind = if i < specials {
                Kind::Special
            } else {
                let x = rng.unit();
                match x {
                    _ if x < 0.55 => Kind::Primary,
                    _ if x < 0.79 => Kind::Junior,
                    _ if x < 0.89 => Kind::NineYear,
                    _ if x < 0.90 => Kind::TwelveYear,
                    _ if x < 0.93 => Kind::Complete,
                    _ => Kind::TeachingPoint,
                }
            };
            schools.push(school(&mut rng, &name, kind, &mut used));
        }
        // Order like a statistical table: by type, then name.
        schools.sort_by_key(|s| {
            let order = match s.kind {
                Kind::Primary => 0,
                Kind::TeachingPoint => 1,
                Kind::Junior => 2,
                Kind::NineYear => 3,
                Kind::TwelveYear => 4,
                Kind::Complete => 5,
                Kind::Special => 6,
            };
            (order, s.name.clone())
        });
        County {
            name,
            level,
            schools,
            seed,
        }
    }
}

fn unique_name(
    rng: &mut Rng,
    county: &str,
    kind: Kind,
    locality: &str,
    used: &mut HashSet<String>,
) -> String {
    let suffix = match kind {
        Kind::Primary => "小学",
        Kind::TeachingPoint => "教学点",
        Kind::Junior => "初级中学",
        Kind::NineYear => "学校",
        Kind::TwelveYear => "实验学校",
        Kind::Complete => "中学",
        Kind::Special => "特殊教育学校",
    };
    for attempt in 0..40 {
        let place = match (kind, locality) {
            (Kind::Special, _) => String::new(),
            (_, "城区") if attempt < 20 => rng.pick(ROADS).to_string(),
            (Kind::TeachingPoint, _) | (_, "乡村") => {
                format!("{}{}村", rng.pick(SYLLABLES), rng.pick(SYLLABLES))
            }
            _ => format!("{}{}镇", rng.pick(SYLLABLES), rng.pick(SYLLABLES)),
        };
        let name = format!("{county}{place}{suffix}");
        if used.insert(name.clone()) {
            return name;
        }
    }
    let mut k = used.len() + 1;
    loop {
        let name = format!("{county}第{k}{suffix}");
        if used.insert(name.clone()) {
            return name;
        }
        k += 1;
    }
}

/// How a school part compares with the standards: a factor per resource indicator.
fn resource_factors(rng: &mut Rng) -> [f64; 7] {
    let base = rng.float(1.04, 1.45);
    let mut f = [0.0; 7];
    for x in &mut f {
        *x = base * rng.float(0.93, 1.18);
        // Never below the standard unless chosen below.
        if *x < 1.02 {
            *x = 1.02 + rng.float(0.0, 0.05);
        }
    }
    let roll = rng.unit();
    if roll < 0.16 {
        // One indicator short, still ≥ 85%: compliant.
        let i = rng.range(0, 6) as usize;
        f[i] = rng.float(0.87, 0.97);
    } else if roll < 0.21 {
        // Not compliant: one far short, or two short.
        let i = rng.range(0, 6) as usize;
        f[i] = rng.float(0.66, 0.83);
        if rng.chance(0.5) {
            let j = (i + 1 + rng.range(0, 5) as usize) % 7;
            f[j] = rng.float(0.85, 0.97);
        }
    }
    f
}

fn school(rng: &mut Rng, county: &str, kind: Kind, used: &mut HashSet<String>) -> School {
    let locality = match kind {
        Kind::TeachingPoint => "乡村",
        Kind::Special | Kind::Complete => "城区",
        _ => *rng.pick(&["城区", "城区", "城区", "镇区", "镇区", "乡村"]),
    };
    let name = unique_name(rng, county, kind, locality, used);
    let private = matches!(kind, Kind::Primary | Kind::Junior | Kind::NineYear) && rng.chance(0.06);
    // Classes per grade and class sizes.
    let (per_grade, size_lo, size_hi) = match (kind, locality) {
        (Kind::TeachingPoint, _) => (1, 4, 16),
        (Kind::Special, _) => (1, 8, 12),
        (Kind::Primary, "城区") => (rng.range(4, 7), 38, 45),
        (Kind::Primary, "镇区") => (rng.range(2, 4), 32, 45),
        (Kind::Primary, _) => (1, 18, 38),
        (Kind::Junior | Kind::Complete, "城区") => (rng.range(6, 11), 42, 50),
        (Kind::Junior | Kind::Complete, _) => (rng.range(3, 6), 36, 50),
        (_, "城区") => (rng.range(2, 4), 36, 45),
        _ => (rng.range(1, 2), 24, 42),
    };
    let oversize = rng.chance(0.06);
    let mut classes = Vec::new();
    for grade in kind.grades() {
        let (lo, hi) = if grade > 6 && kind != Kind::Special {
            (size_lo.max(30), size_hi.max(40))
        } else {
            (size_lo, size_hi)
        };
        for _ in 0..per_grade {
            let mut n = rng.range(lo, hi);
            if oversize && grade >= 5 && rng.chance(0.3) {
                // A few classes over the 45 / 50 limit (2.5), rarely a 56+ 超大班额.
                n = if grade <= 6 {
                    rng.range(46, 52)
                } else {
                    rng.range(51, 56)
                };
            }
            classes.push((grade, n));
        }
    }
    let built = if rng.chance(0.65) {
        rng.range(1960, 2016)
    } else {
        rng.range(2017, 2024)
    };
    let mut s = School {
        name,
        kind,
        locality,
        private,
        boarding: locality != "城区" && rng.chance(0.4),
        central_city: locality == "城区" && rng.chance(0.6),
        built,
        classes,
        senior_students: 0,
        teachers: [Teachers::default(); 2],
        teaching_area: 0.0,
        sports_area: 0.0,
        equipment_wan: 0.0,
        multimedia_rooms: 0,
        music_rooms: (0, 0.0),
        art_rooms: (0, 0.0),
        teaching_area_building: None,
        public_funds: 0.0,
        training_funds: 0.0,
        note: String::new(),
    };
    if kind.has_senior() {
        s.senior_students = rng.range(6, 16) * 3 * rng.range(44, 50);
    }
    let students = [f64::from(s.students(0)), f64::from(s.students(1))];
    let senior = f64::from(s.senior_students);
    let f = [resource_factors(rng), resource_factors(rng)];
    // Teachers, per stage.
    for stage in 0..2 {
        if students[stage] == 0.0 {
            continue;
        }
        let per = |i: usize| STANDARDS[i][stage] * f[stage][i] * students[stage] / 100.0;
        let ratio = if stage == 0 { 16.0 } else { 12.5 };
        let total = (students[stage] / ratio * rng.float(0.95, 1.15))
            .ceil()
            .max(2.0);
        let above = per(0).ceil();
        let pe_art = per(2).ceil();
        s.teachers[stage] = Teachers {
            total: total.max(above).max(pe_art) as u32,
            above_degree: above as u32,
            backbone: per(1).ceil() as u32,
            pe_art: pe_art as u32,
        };
    }
    // Whole-school resources (1.4–1.7): enough for the stage that needs the most after
    // the weighted split, so each stage gets factor × standard.
    let weighted = WEIGHTS[0] * students[0] + WEIGHTS[1] * students[1] + WEIGHTS[2] * senior;
    let whole = |i: usize| -> f64 {
        (0..2)
            .filter(|&st| students[st] > 0.0)
            .map(|st| STANDARDS[i][st] * f[st][i] * weighted / WEIGHTS[st])
            .fold(0.0, f64::max)
    };
    s.teaching_area = (whole(3) / 10.0).round() * 10.0;
    s.sports_area = (whole(4) / 10.0).round() * 10.0;
    s.equipment_wan = (whole(5) / 100.0).round() / 100.0;
    s.multimedia_rooms = (whole(6) / 100.0).ceil() as u32;
    // 2.3: a music and an art room per 12 classes; a few too small.
    let rooms = (s.classes.len() as u32).div_ceil(12).max(1);
    let small = rng.chance(0.05);
    let area = |rng: &mut Rng, min: f64| {
        if small {
            rng.float(min - 24.0, min - 4.0).round()
        } else {
            rng.float(min, min + 14.0).round()
        }
    };
    s.music_rooms = (rooms + u32::from(rng.chance(0.2)), area(rng, 96.0));
    s.art_rooms = (rooms, area(rng, 90.0));
    if small && s.built <= 2016 {
        s.note = format!(
            "学校建于{}年，音乐、美术专用教室系早年改造，面积未达现行标准，数量达标。",
            s.built
        );
    }
    if f[0][3].min(f[1][3]) < 0.85 && rng.chance(0.5) {
        let building = (weighted * rng.float(1.0, 2.0) / 10.0).round() * 10.0;
        s.teaching_area_building = Some(building);
        s.note.push_str(&format!(
            "综合教学楼（建筑面积{building:.0}平方米）在建，计划明年竣工投入使用。"
        ));
    }
    // 3.4: training ≥ 5% of public funds, a few below.
    let per_student = [800.0, 1000.0];
    s.public_funds = ((students[0] * per_student[0] + students[1] * per_student[1]).max(80_000.0)
        / 100.0)
        .round()
        * 100.0;
    let share = if rng.chance(0.04) {
        rng.float(0.03, 0.049)
    } else {
        rng.float(0.051, 0.075)
    };
    s.training_funds = (s.public_funds * share / 100.0).round() * 100.0;
    if kind == Kind::TeachingPoint && students[0] < 100.0 {
        s.note.push_str("学生不足100人，按100人核定公用经费。");
    }
    s
}

// ---------------------------------------------------------------------------------
// A sheet without a title row (the table writer is in common/xlsx_table.rs)
// ---------------------------------------------------------------------------------

fn simple(
    wb: &mut Workbook,
    f: &Formats,
    sheet: &str,
    cols: &[Col],
    rows: Vec<Vec<Cell>>,
) -> Result<()> {
    let ws = wb.add_worksheet().set_name(sheet)?;
    Ok(table(ws, f, None, cols, &rows)?)
}

// ---------------------------------------------------------------------------------
// The sheets
// ---------------------------------------------------------------------------------

impl County {
    fn write(&self, path: &std::path::Path) -> Result<()> {
        let f = Formats::new();
        let mut wb = Workbook::new();
        let created = ExcelDateTime::from_ymd(2026, 3, 10)?;
        wb.set_properties(
            &DocProperties::new()
                .set_title(format!(
                    "{}义务教育优质均衡发展指标工作簿（合成数据）",
                    self.name
                ))
                .set_author("junheng synth_county")
                .set_comment(format!(
                    "junheng 合成工作簿：{} 所学校，种子 {}；地名、校名、人名和数据均为虚构",
                    self.schools.len(),
                    self.seed
                ))
                .set_creation_datetime(&created),
        );
        self.info_sheet(&mut wb, &f)?;
        self.school_sheet(&mut wb, &f)?;
        self.class_sheet(&mut wb, &f)?;
        self.county_items_sheet(&mut wb, &f)?;
        self.quality_sheet(&mut wb, &f)?;
        self.recognition_sheet(&mut wb, &f)?;
        self.duties_sheet(&mut wb, &f)?;
        self.leaders_sheet(&mut wb, &f)?;
        self.phases_sheet(&mut wb, &f)?;
        self.tasks_sheet(&mut wb, &f)?;
        self.texts_sheet(&mut wb, &f)?;
        self.targets_sheet(&mut wb, &f)?;
        wb.save(path)?;
        Ok(())
    }

    fn lv(&self, text: &str) -> String {
        text.replace('区', self.level)
    }

    fn info_sheet(&self, wb: &mut Workbook, f: &Formats) -> Result<()> {
        let rows = vec![
            vec![t("县区名称"), t(&self.name)],
            vec![t("行政级别"), t(self.level)],
            vec![t("上级行政区"), t("江汉省临川市")],
            vec![t("发文机关"), t(format!("{}教育局", self.name))],
            vec![
                t("发文字号"),
                t(format!(
                    "{}教字〔2026〕3号",
                    self.name.chars().next().unwrap_or('县')
                )),
            ],
            vec![t("成文日期"), Cell::Date(2026, 3, 16)],
            vec![t("文稿状态"), t("正式稿")],
            vec![t("红头"), t("是")],
            vec![t("统计年度"), int(2025)],
            vec![t("基本均衡认定年份"), int(2016)],
            vec![t("省级评估年份"), int(2026)],
            vec![t("国家认定年份"), int(2027)],
            vec![t("联系人"), t("许明川")],
            vec![t("联系电话"), t("0719-5201234")],
            vec![t("电子邮箱"), t("jyj@example.cn")],
            vec![t("一贯制拆分权重"), t("1:1.1:1.32")],
            vec![t("民办学校纳入资源配置评估"), t("是")],
            vec![t("责任清单样式"), t("简表")],
        ];
        simple(
            wb,
            f,
            "基本信息",
            &[col("项目", 26.0), col("内容", 36.0)],
            rows,
        )
    }

    fn school_sheet(&self, wb: &mut Workbook, f: &Formats) -> Result<()> {
        let cols = school_columns(false);
        let count = |n: u32| if n == 0 { Cell::Blank } else { int(n) };
        let mut rows = Vec::with_capacity(self.schools.len());
        for (i, s) in self.schools.iter().enumerate() {
            let (start_classes, start_students) = s.starting_grade();
            let has = [s.class_count(0) > 0, s.class_count(1) > 0];
            let per = |st: usize, n: u32| if has[st] { int(n) } else { Cell::Blank };
            let [p, j] = s.teachers;
            rows.push(vec![
                int(i as i64 + 1),
                t(&s.name),
                t(s.kind.label()),
                t(if s.private { "民办" } else { "公办" }),
                t(s.locality),
                yes(s.central_city),
                yes(s.boarding),
                int(s.built),
                count(s.class_count(0)),
                count(s.students(0)),
                count(s.class_count(1)),
                count(s.students(1)),
                count(s.senior_students),
                per(0, p.total),
                per(0, p.above_degree),
                per(0, p.backbone),
                per(0, p.pe_art),
                per(1, j.total),
                per(1, j.above_degree),
                per(1, j.backbone),
                per(1, j.pe_art),
                Cell::Num(s.teaching_area, "#,##0"),
                Cell::Num(s.sports_area, "#,##0"),
                Cell::Num(s.equipment_wan, "0.00"),
                int(s.multimedia_rooms),
                int(s.music_rooms.0),
                Cell::Num(s.music_rooms.1, "0"),
                int(s.art_rooms.0),
                Cell::Num(s.art_rooms.1, "0"),
                s.max_class(0).map_or(Cell::Blank, int),
                s.max_class(1).map_or(Cell::Blank, int),
                int(start_classes),
                int(start_students),
                t("否"),
                s.teaching_area_building
                    .map_or(Cell::Blank, |a| Cell::Num(a, "#,##0")),
                Cell::Blank,
                Cell::Blank,
                Cell::Num(s.public_funds, "#,##0"),
                Cell::Num(s.training_funds, "#,##0"),
                if s.note.is_empty() {
                    Cell::Blank
                } else {
                    t(&s.note)
                },
            ]);
        }
        let ws = wb.add_worksheet().set_name("学校")?;
        let title = format!("{}义务教育学校办学条件统计表（2025年）", self.name);
        table(ws, f, Some(&title), &cols, &rows)?;
        ws.set_row_height(1, 48)?;
        ws.set_freeze_panes(2, 2)?;
        Ok(())
    }

    fn class_sheet(&self, wb: &mut Workbook, f: &Formats) -> Result<()> {
        let cols = [
            col("学校名称", 24.0),
            col("学段", 8.0),
            col("年级", 9.0),
            col("班级", 8.0),
            col("学生数", 8.0),
        ];
        let mut rows = Vec::new();
        for s in &self.schools {
            let mut k = 0;
            let mut last = 0;
            for &(grade, n) in &s.classes {
                k = if grade == last { k + 1 } else { 1 };
                last = grade;
                rows.push(vec![
                    t(&s.name),
                    t(if grade <= 6 { "小学" } else { "初中" }),
                    t(GRADES[grade as usize - 1]),
                    t(format!("{k}班")),
                    int(n),
                ]);
            }
        }
        let ws = wb.add_worksheet().set_name("班级")?;
        table(ws, f, None, &cols, &rows)?;
        ws.autofilter(0, 0, rows.len() as u32, cols.len() as u16 - 1)?;
        Ok(())
    }

    fn county_items_sheet(&self, wb: &mut Workbook, f: &Formats) -> Result<()> {
        let teachers: u32 = self
            .schools
            .iter()
            .map(|s| s.teachers[0].total + s.teachers[1].total)
            .sum();
        let grade = |g: u32| -> u32 {
            self.schools
                .iter()
                .flat_map(|s| s.classes.iter())
                .filter(|(gr, _)| *gr == g)
                .map(|(_, n)| n)
                .sum()
        };
        let graduates = grade(9);
        let disabled = (self.schools.len() as u32 * 11).max(20);
        let migrant = (grade(1) + grade(7)) / 4;
        let eligible = teachers * 3 / 10;
        let exchanged = eligible.div_ceil(9);
        let y = || t("是");
        let no = || t("否");
        let items: Vec<(&str, Cell, String)> = vec![
            (
                "规划布局合理",
                y(),
                self.lv("《中小学校布局专项规划（2021—2035年）》经区人民政府批复实施。"),
            ),
            (
                "建设标准统一",
                y(),
                self.lv("区人民政府印发城乡统一的义务教育学校建设标准。"),
            ),
            (
                "教师编制标准统一",
                y(),
                "按城乡统一的中小学教职工编制标准核定编制。".into(),
            ),
            (
                "生均公用经费基准定额统一",
                y(),
                "城乡小学、初中生均公用经费分别按每生每年800元、1000元统一拨付。".into(),
            ),
            (
                "基本装备配置标准统一",
                y(),
                "执行省中小学教育技术装备标准，城乡学校按同一目录配置。".into(),
            ),
            (
                "小规模学校按100人核定公用经费",
                y(),
                "不足100人的村小学和教学点按100人核定公用经费。".into(),
            ),
            (
                "特殊教育学校生均公用经费",
                int(7000),
                "特殊教育学校学生及随班就读、送教上门学生均按每生每年7000元拨付。".into(),
            ),
            (
                "教师平均工资收入",
                int(128_640),
                "数据取自人社部门工资统计年报。".into(),
            ),
            (
                "公务员平均工资收入",
                int(126_910),
                "由人社、财政部门联合核定。".into(),
            ),
            (
                "绩效工资足额核定",
                y(),
                "绩效工资总量按不低于公务员水平足额核定。".into(),
            ),
            (
                "五年360学时应完成教师数",
                int(teachers * 9 / 10),
                "2021—2025年培训周期内在岗满五年的专任教师。".into(),
            ),
            (
                "五年360学时已完成教师数",
                int(teachers * 9 / 10),
                "经省教师继续教育管理平台核对。".into(),
            ),
            ("编制岗位统筹分配", y(), self.lv("实行“区管校聘”管理。")),
            (
                "符合交流条件教师数",
                int(eligible),
                "在同一所公办学校连续任教满6年的专任教师。".into(),
            ),
            (
                "交流轮岗教师数",
                int(exchanged),
                "2025学年交流轮岗教师。".into(),
            ),
            (
                "交流轮岗骨干教师数",
                int(exchanged.div_ceil(4)),
                "交流轮岗教师中县级以上骨干教师。".into(),
            ),
            (
                "专任教师数",
                int(teachers),
                "义务教育学校专任教师数（不含高中部）。".into(),
            ),
            (
                "持证专任教师数",
                int(teachers),
                "专任教师全部持有相应学段教师资格证书。".into(),
            ),
            (
                "小学就近划片入学比例",
                t("100%"),
                "城区和镇区公办小学全部实行划片就近免试入学。".into(),
            ),
            (
                "初中就近划片入学比例",
                Cell::Pct(0.978),
                "其余为政策性照顾学生统筹安置。".into(),
            ),
            (
                "优质高中名额分配比例",
                t("55%"),
                "优质高中统招计划按名额分配方式下达到各初中。".into(),
            ),
            (
                "名额分配向农村初中倾斜",
                y(),
                "农村初中在按比例分配的基础上上浮10%。".into(),
            ),
            (
                "留守儿童关爱体系健全",
                y(),
                "建立留守儿童信息台账和结对帮扶制度。".into(),
            ),
            (
                "符合条件随迁子女数",
                int(migrant),
                "依据2025年秋季学期入学登记。".into(),
            ),
            (
                "随迁子女公办学校就读数",
                int(migrant * 9 / 10),
                "在公办义务教育学校就读的随迁子女数。".into(),
            ),
            (
                "随迁子女购买服务民办学校就读数",
                int(migrant / 20),
                "通过政府购买学位方式在民办学校就读。".into(),
            ),
            (
                "初中毕业生数",
                int(graduates),
                "以学籍系统毕业名单为准。".into(),
            ),
            (
                "三年内转入复学等增加数",
                int(graduates / 40),
                "三年内转入、复学等增加人数。".into(),
            ),
            (
                "三年内转出休学等减少数",
                int(graduates / 60),
                "同期转出、休学等减少人数。".into(),
            ),
            (
                "三年前初一学生数",
                int(graduates + graduates / 60 - graduates / 40 + graduates / 100),
                "三年前秋季学期七年级在校生数。".into(),
            ),
            (
                "适龄残疾儿童少年数",
                int(disabled),
                "残联提供的持证适龄残疾儿童少年底数。".into(),
            ),
            (
                "残疾儿童少年入学数",
                int(disabled * 97 / 100),
                "特殊教育学校就读、随班就读和送教上门合计。".into(),
            ),
            (
                "学校章程制定",
                y(),
                "所有学校均已制定章程并经教育局核准。".into(),
            ),
            ("管理与教学信息化", y(), "全部学校接入教育城域网。".into()),
            (
                "教师信息化教学",
                y(),
                "信息技术应用能力提升工程2.0校本考核合格率100%。".into(),
            ),
            ("德育与校园文化良好", y(), "所有学校均达到良好以上。".into()),
            ("课程开齐开足", y(), "各校按国家课程方案排课。".into()),
            ("无过重课业负担", y(), "作业时长抽查全部达标。".into()),
            (
                "以考试方式招生",
                no(),
                "未组织任何形式的入学考试或测试。".into(),
            ),
            (
                "违规择校",
                no(),
                "民办学校报名超过计划的一律电脑随机录取。".into(),
            ),
            ("重点学校或重点班", no(), "各校起始年级均衡编班。".into()),
            (
                "有编不补或长期聘用编外教师",
                no(),
                "空编岗位当年通过公开招聘补充。".into(),
            ),
            (
                "重大安全责任事故或严重违纪违规",
                no(),
                "近三年未发生重大安全责任事故和严重违纪违规事件。".into(),
            ),
            (
                "弄虚作假",
                no(),
                "申报数据均以教育事业统计年报为准。".into(),
            ),
        ];
        let rows = items
            .into_iter()
            .map(|(name, value, note)| vec![t(name), value, t(note)])
            .collect();
        simple(
            wb,
            f,
            "县级指标",
            &[col("项目", 30.0), col("数值", 12.0), wcol("说明", 70.0)],
            rows,
        )
    }

    fn quality_sheet(&self, wb: &mut Workbook, f: &Formats) -> Result<()> {
        let data = [
            ("语文", "Ⅳ", 0.07),
            ("数学", "Ⅲ", 0.11),
            ("英语", "Ⅲ", 0.10),
            ("科学", "Ⅲ", 0.09),
            ("体育与健康", "Ⅳ", 0.06),
            ("艺术", "Ⅲ", 0.12),
            ("德育", "Ⅳ", 0.05),
        ];
        let rows = data
            .iter()
            .map(|(s, l, r)| vec![t(*s), t(*l), Cell::Num(*r, "0.00")])
            .collect();
        simple(
            wb,
            f,
            "质量监测",
            &[
                col("学科", 14.0),
                col("学业水平等级", 14.0),
                col("校际差异率", 12.0),
            ],
            rows,
        )
    }

    fn recognition_sheet(&self, wb: &mut Workbook, f: &Formats) -> Result<()> {
        let n = self.schools.len() as i64;
        let data = [
            ("学生", 80 * n + 200, 0.91),
            ("家长", 120 * n + 300, 0.89),
            ("教师", 40 * n + 100, 0.94),
            ("校长", n, 1.0),
            ("人大代表", 42, 0.93),
            ("政协委员", 38, 0.92),
            ("其他群众", 20 * n + 60, 0.87),
        ];
        let rows = data
            .iter()
            .map(|(g, v, r)| vec![t(*g), int(*v), int((*v as f64 * r).floor() as i64)])
            .collect();
        simple(
            wb,
            f,
            "社会认可度",
            &[
                col("调查对象", 12.0),
                col("有效问卷数", 12.0),
                col("认可问卷数", 12.0),
            ],
            rows,
        )
    }

    fn duties_sheet(&self, wb: &mut Workbook, f: &Formats) -> Result<()> {
        let ids: Vec<String> = (1..=7)
            .map(|i| format!("1.{i}"))
            .chain((1..=15).map(|i| format!("2.{i}")))
            .chain((1..=9).map(|i| format!("3.{i}")))
            .chain((1..=2).map(|i| format!("4.{i}")))
            .collect();
        let units = [
            "区教育局、区发展和改革局、区财政局",
            "区教育局、区委编办、区人社局",
            "区财政局、区教育局",
            "区教育局、区住房和城乡建设局、区自然资源和规划局",
            "区教育局",
        ];
        let leaders = [
            "韩志远（常务副区长）",
            "罗晓岚（副区长）",
            "蒋承宇（区教育局局长）",
        ];
        let rows = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let u = self.lv(units[i % units.len()]);
                let lead = u.split('、').next().unwrap_or_default().to_string();
                vec![
                    t(id),
                    t(&u),
                    t(lead),
                    t(self.lv(leaders[i % leaders.len()])),
                    Cell::Blank,
                    Cell::Blank,
                ]
            })
            .collect();
        simple(
            wb,
            f,
            "责任分工",
            &[
                col("指标编号", 9.0),
                wcol("责任单位", 30.0),
                wcol("牵头单位", 16.0),
                wcol("责任领导", 20.0),
                wcol("指标说明", 50.0),
                wcol("评估重点", 36.0),
            ],
            rows,
        )
    }

    fn leaders_sheet(&self, wb: &mut Workbook, f: &Formats) -> Result<()> {
        let data = [
            ("组长", "陈立衡", "区委副书记、区长"),
            ("副组长", "韩志远", "区委常委、常务副区长"),
            ("副组长", "罗晓岚", "区政府副区长"),
            ("副组长", "蒋承宇", "区教育局党组书记、局长"),
            ("成员", "唐家俊", "区政府办公室主任"),
            ("成员", "孟书瑶", "区委编办主任"),
            ("成员", "何振声", "区发展和改革局局长"),
            ("成员", "邹立诚", "区财政局局长"),
            ("成员", "姚慧珍", "区人社局局长"),
            ("成员", "钱永年", "区住房和城乡建设局局长"),
            ("办公室主任", "蒋承宇", "区教育局党组书记、局长（兼）"),
        ];
        let rows = data
            .iter()
            .map(|(r, n, p)| vec![t(*r), t(*n), t(self.lv(p))])
            .collect();
        simple(
            wb,
            f,
            "领导小组",
            &[
                col("职务", 12.0),
                col("姓名", 10.0),
                col("单位及职务", 40.0),
            ],
            rows,
        )
    }

    fn phases_sheet(&self, wb: &mut Workbook, f: &Formats) -> Result<()> {
        let data = [
            (
                "动员部署阶段",
                "2026年3月—2026年4月",
                "印发实施方案和责任清单，召开创建工作动员大会，成立领导小组及办公室。",
            ),
            (
                "自查整改阶段",
                "2026年4月—2026年8月",
                "逐校逐项开展对标自查，建立问题清单和整改台账，8月底前问题整改到位。",
            ),
            (
                "市级复核与申报阶段",
                "2026年9月—2026年10月",
                "形成自评报告和申报材料，提请市教育局复核。",
            ),
            (
                "迎接省级评估阶段",
                "2026年11月—2026年12月",
                "组织模拟评估和社会认可度预调查，做好省级评估现场核查的配合工作。",
            ),
        ];
        let rows = data
            .iter()
            .map(|(a, b, c)| vec![t(*a), t(*b), t(*c)])
            .collect();
        simple(
            wb,
            f,
            "实施步骤",
            &[
                col("阶段", 26.0),
                col("起止时间", 22.0),
                wcol("工作内容", 80.0),
            ],
            rows,
        )
    }

    fn tasks_sheet(&self, wb: &mut Workbook, f: &Formats) -> Result<()> {
        let data = [
            (
                "优化资源配置",
                "实施校舍扩容工程",
                "对生均面积接近标准线的学校逐校测算未来三年学位需求，纳入年度建设计划。",
                "区教育局、区发展和改革局、区财政局",
                "2026年8月",
            ),
            (
                "优化资源配置",
                "补齐教学装备短板",
                "按照省定装备标准更新实验仪器、音体美器材和信息化设备。",
                "区教育局、区财政局",
                "2026年7月",
            ),
            (
                "强化政府保障",
                "严控班额和学校规模",
                "落实招生计划刚性管理，起始年级班额分别控制在45人、50人以内。",
                "区教育局、区公安分局",
                "2026年9月",
            ),
            (
                "提升教育质量",
                "深化课堂教学改革",
                "开齐开足国家课程，推进作业设计与课后服务提质。",
                "区教育局",
                "2026年12月",
            ),
            (
                "提高社会认可度",
                "开展认可度预调查",
                "委托第三方机构开展认可度预调查，对认可度偏低的事项建立整改清单。",
                "区教育局、区统计局",
                "2026年10月",
            ),
        ];
        let rows = data
            .iter()
            .map(|(c, ti, co, u, d)| vec![t(*c), t(*ti), t(*co), t(self.lv(u)), t(*d)])
            .collect();
        simple(
            wb,
            f,
            "工作任务",
            &[
                col("类别", 14.0),
                col("标题", 22.0),
                wcol("内容", 70.0),
                wcol("责任单位", 30.0),
                col("完成时限", 12.0),
            ],
            rows,
        )
    }

    fn texts_sheet(&self, wb: &mut Workbook, f: &Formats) -> Result<()> {
        let whole = format!("全{}", self.level);
        let data = [
            (
                "指导思想",
                format!(
                    "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，落实立德树人根本任务，以促进公平和提高质量为主线，推动{whole}义务教育由基本均衡向优质均衡迈进。"
                ),
            ),
            (
                "工作目标",
                format!(
                    "2026年{whole}义务教育学校各项指标达到优质均衡评估标准，通过省级评估；2027年接受国家督导检查。到2027年，校际差距进一步缩小，教育质量和社会认可度稳步提高。"
                ),
            ),
            (
                "保障措施",
                format!(
                    "（一）加强组织领导。成立由政府主要负责同志任组长的领导小组，定期研究解决创建中的重大问题。\n（二）强化经费保障。{whole}义务教育经费足额纳入财政预算，按时足额拨付。\n（三）严格督导考核。把创建工作纳入各镇（街道）和有关部门年度考核。"
                ),
            ),
            (
                "存在问题",
                "部分学校功能教室和运动场地仍然不足。优秀教师在城乡学校之间分布还不够均衡。"
                    .to_string(),
            ),
            (
                "努力方向",
                format!(
                    "{whole}将继续加大投入，补齐办学条件短板。深化教师交流轮岗，促进优质师资均衡配置。"
                ),
            ),
            (
                "主要做法与成效",
                format!(
                    "（一）坚持规划先行，学校布局持续优化。{whole}累计新建、改扩建学校{}所。\n（二）坚持投入优先，办学条件明显改善。三年累计投入更新教学仪器设备、建设网络多媒体教室。\n（三）坚持人才强教，师资配置更加均衡。全面推行教师交流轮岗。",
                    self.schools.len().div_ceil(8)
                ),
            ),
        ];
        let rows = data.iter().map(|(a, b)| vec![t(*a), t(b)]).collect();
        simple(
            wb,
            f,
            "文字材料",
            &[col("章节", 16.0), wcol("内容", 100.0)],
            rows,
        )
    }

    fn targets_sheet(&self, wb: &mut Workbook, f: &Formats) -> Result<()> {
        let rows = vec![
            vec![
                t("资源配置七项指标全部达标的学校比例"),
                t("%"),
                Cell::Num(84.6, "0.0"),
                int(100),
                int(2026),
            ],
            vec![
                t("初中三年巩固率"),
                t("%"),
                Cell::Num(97.7, "0.0"),
                t("≥98.0"),
                int(2027),
            ],
            vec![
                t("社会认可度"),
                t("%"),
                Cell::Num(90.7, "0.0"),
                t("≥92.0"),
                int(2027),
            ],
        ];
        simple(
            wb,
            f,
            "发展指标",
            &[
                col("指标", 36.0),
                col("单位", 8.0),
                col("基期值", 10.0),
                col("目标值", 10.0),
                col("目标年份", 10.0),
            ],
            rows,
        )
    }
}
