//! A small county that meets every indicator, to be broken one rule at a time.

use crate::model::*;
use std::collections::BTreeMap;

pub fn stage<T>(primary: Option<T>, junior: Option<T>) -> PerStage<T> {
    PerStage {
        primary,
        junior,
        senior: None,
    }
}

/// A school with every optional field blank.
pub fn blank(name: &str, kind: SchoolKind, row: u32) -> School {
    School {
        name: name.to_string(),
        row,
        kind,
        locality: Locality::Urban,
        private: false,
        boarding: false,
        central_city: false,
        built_year: None,
        students: PerStage::default(),
        classes: PerStage::default(),
        full_time_teachers: PerStage::default(),
        teachers_above_degree: PerStage::default(),
        backbone_teachers: PerStage::default(),
        pe_art_teachers: PerStage::default(),
        teaching_area: None,
        sports_area: None,
        equipment_value: None,
        multimedia_rooms: None,
        music_rooms: None,
        art_rooms: None,
        music_room_min_area: None,
        art_room_min_area: None,
        max_class_size: PerStage::default(),
        teaching_area_under_construction: None,
        sports_area_under_construction: None,
        sports_area_rented: None,
        starting_grade_students: None,
        starting_grade_classes: None,
        size_approved: None,
        largest_campus_students: None,
        size_plan: None,
        area_plan: None,
        music_art_taught: None,
        capacity_expansion: None,
        nearby_ratio: None,
        public_funds_budget: None,
        training_budget: None,
        special_note: None,
    }
}

/// 1,000 primary pupils, 25 classes; values: 1.1 5.0, 1.2 2.0, 1.3 1.5, 1.4 6.0,
/// 1.5 9.0, 1.6 3000, 1.7 3.0 — all above standard.
pub fn primary(name: &str, row: u32) -> School {
    let mut s = blank(name, SchoolKind::Primary, row);
    s.built_year = Some(2010);
    s.students = stage(Some(1000), None);
    s.classes = stage(Some(25), None);
    s.full_time_teachers = stage(Some(70), None);
    s.teachers_above_degree = stage(Some(50), None);
    s.backbone_teachers = stage(Some(20), None);
    s.pe_art_teachers = stage(Some(15), None);
    s.teaching_area = Some(6000.0);
    s.sports_area = Some(9000.0);
    s.equipment_value = Some(3_000_000.0);
    s.multimedia_rooms = Some(30);
    s.music_rooms = Some(3);
    s.art_rooms = Some(3);
    s.music_room_min_area = Some(100.0);
    s.art_room_min_area = Some(100.0);
    s.max_class_size = stage(Some(42), None);
    s.public_funds_budget = Some(1_000_000.0);
    s.training_budget = Some(60_000.0);
    s
}

/// 800 junior pupils, 18 classes; values: 1.1 6.0, 1.2 2.0, 1.3 1.5, 1.4 7.0,
/// 1.5 12.0, 1.6 3000, 1.7 3.0.
pub fn junior(name: &str, row: u32) -> School {
    let mut s = blank(name, SchoolKind::Junior, row);
    s.built_year = Some(2010);
    s.students = stage(None, Some(800));
    s.classes = stage(None, Some(18));
    s.full_time_teachers = stage(None, Some(70));
    s.teachers_above_degree = stage(None, Some(48));
    s.backbone_teachers = stage(None, Some(16));
    s.pe_art_teachers = stage(None, Some(12));
    s.teaching_area = Some(5600.0);
    s.sports_area = Some(9600.0);
    s.equipment_value = Some(2_400_000.0);
    s.multimedia_rooms = Some(24);
    s.music_rooms = Some(2);
    s.art_rooms = Some(2);
    s.music_room_min_area = Some(100.0);
    s.art_room_min_area = Some(100.0);
    s.max_class_size = stage(None, Some(48));
    s.public_funds_budget = Some(800_000.0);
    s.training_budget = Some(50_000.0);
    s
}

pub fn set(county: &mut County, name: &str, value: ItemValue) {
    county.county_items.insert(
        name.to_string(),
        CountyItem {
            value,
            note: Some(format!("{name}的佐证说明")),
            row: 2 + county.county_items.len() as u32,
        },
    );
}

pub fn n(county: &mut County, name: &str, v: f64) {
    set(county, name, ItemValue::Number(v));
}

pub fn yes(county: &mut County, name: &str) {
    set(county, name, ItemValue::Yes);
}

pub fn no(county: &mut County, name: &str) {
    set(county, name, ItemValue::No);
}

/// A county meeting all 33 indicators and the three-year precondition.
pub(crate) fn passing() -> County {
    let mut c = County {
        info: BasicInfo {
            county_name: "示例区".into(),
            statistics_year: Some(2024),
            basic_balance_year: Some(2018),
            include_private_schools: true,
            ..BasicInfo::default()
        },
        schools: vec![
            primary("第一小学", 3),
            primary("第二小学", 4),
            junior("第一中学", 5),
            junior("第二中学", 6),
        ],
        classes: None,
        county_items: BTreeMap::new(),
        ..County::default()
    };
    for (name, kind) in COUNTY_ITEMS {
        if VETO_ITEMS.contains(name) {
            no(&mut c, name);
        } else if *kind == ItemKind::YesNo {
            yes(&mut c, name);
        }
    }
    n(&mut c, "特殊教育学校生均公用经费", 7000.0);
    n(&mut c, "教师平均工资收入", 120_000.0);
    n(&mut c, "公务员平均工资收入", 110_000.0);
    n(&mut c, "五年360学时应完成教师数", 500.0);
    n(&mut c, "五年360学时已完成教师数", 500.0);
    n(&mut c, "符合交流条件教师数", 1000.0);
    n(&mut c, "交流轮岗教师数", 120.0);
    n(&mut c, "交流轮岗骨干教师数", 30.0);
    n(&mut c, "专任教师数", 2000.0);
    n(&mut c, "持证专任教师数", 2000.0);
    n(&mut c, "小学就近划片入学比例", 1.0);
    n(&mut c, "初中就近划片入学比例", 0.98);
    n(&mut c, "优质高中名额分配比例", 0.6);
    n(&mut c, "符合条件随迁子女数", 1000.0);
    n(&mut c, "随迁子女公办学校就读数", 900.0);
    n(&mut c, "随迁子女购买服务民办学校就读数", 50.0);
    n(&mut c, "初中毕业生数", 1000.0);
    n(&mut c, "三年内转入复学等增加数", 20.0);
    n(&mut c, "三年内转出休学等减少数", 10.0);
    n(&mut c, "三年前初一学生数", 1000.0);
    n(&mut c, "适龄残疾儿童少年数", 100.0);
    n(&mut c, "残疾儿童少年入学数", 98.0);
    c.quality = vec![
        QualitySubject {
            row: 2,
            subject: "数学".into(),
            level: Some(3),
            difference_rate: Some(0.10),
        },
        QualitySubject {
            row: 3,
            subject: "语文".into(),
            level: Some(4),
            difference_rate: Some(0.12),
        },
    ];
    c.recognition = vec![
        SurveyGroup {
            row: 2,
            group: "学生".into(),
            valid: 1000,
            approving: 900,
            weight: None,
        },
        SurveyGroup {
            row: 3,
            group: "家长".into(),
            valid: 1000,
            approving: 880,
            weight: None,
        },
    ];
    c
}

pub fn close(a: f64, b: f64, eps: f64) -> bool {
    (a - b).abs() <= eps
}
