//! 石门区 (江汉省岚州市), written to `failing.xlsx`: a district that fails in several
//! different ways at once, so that every kind of finding shows up in the documents
//! and in the tests.
//!
//! * 1.6: 北关小学 (1,640 元 per pupil) and 河口初级中学 (about 2,040 元) are below
//!   85% of the standard, so those parts are not compliant and 1.6 is not met.
//! * 1.5: every school meets the standard, but 体育路中学 has a sports ground of 36 m²
//!   per pupil against 10–12 m² elsewhere, so the enrolment-weighted 差异系数 of the
//!   junior stage is about 0.57 (limit 0.45) and 1.5 is not met.
//! * 2.5: 第一初级中学 八年级3班 has 57 pupils (超大班额).
//! * 2.11: 20 of 250 eligible teachers rotated (8%, below 10%).
//! * 4.2: 重点学校或重点班 = 是.
//!
//! Expected verdict: not passed; unmet exactly 1.5, 1.6, 2.5, 2.11, 4.2.

use crate::*;

pub fn sample() -> Sample {
    let schools = schools();
    let teachers = total_teachers(&schools);
    let mut veto = [false; 6];
    veto[2] = true; // 重点学校或重点班
    let figures = Figures {
        county: "石门区",
        level: "区",
        province: "江汉省",
        year: 2024,
        schools: schools.len(),
        teacher_pay: 108_900,
        civil_pay: 107_300,
        training: (402, 402),
        rotation: (250, 20, 6),
        teachers,
        certified: teachers,
        nearby: (t("100%"), t("97%")),
        quota: t("52%"),
        migrants: (760, 690, 12),
        retention: (1190, 26, 19, 1214),
        disabled: (64, 62),
        special_funding: Some(6000),
        small_schools: false,
        veto,
    };
    let mut items = standard_items(&figures);
    set_note(
        &mut items,
        "重点学校或重点班",
        "第一初级中学八年级按期中考试成绩组建2个“培优班”，属变相设置重点班；2025年3月已责令撤销，重新均衡编班。",
    );
    set_note(
        &mut items,
        "交流轮岗教师数",
        "2024学年交流轮岗教师20人，占符合交流条件教师的8%，未达到10%的要求。",
    );
    Sample {
        file: "failing.xlsx",
        props: Props {
            title: "石门区义务教育优质均衡发展指标工作簿（自查稿）",
            author: "石门区教育局",
            company: "岚州市石门区教育局",
            created: (2025, 3, 20),
        },
        info: vec![
            ("县区名称", t("石门区")),
            ("行政级别", t("区")),
            ("上级行政区", t("江汉省岚州市")),
            ("发文机关", t("岚州市石门区教育局")),
            ("成文日期", Cell::Date(2025, 3, 28)),
            ("文稿状态", t("送审稿")),
            ("红头", t("否")),
            ("统计年度", int(2024)),
            ("基本均衡认定年份", int(2018)),
            ("省级评估年份", int(2026)),
            ("国家认定年份", int(2027)),
            ("责任清单样式", t("简表")),
        ],
        school_title: "石门区义务教育学校办学条件自查表",
        schools,
        equipment_in_yuan: false,
        as_text: &[],
        class_sheet: true,
        items,
        quality: vec![
            ("语文", "Ⅲ", 0.10),
            ("数学", "Ⅲ", 0.12),
            ("科学", "Ⅲ", 0.11),
            ("体育与健康", "Ⅲ", 0.09),
            ("艺术", "Ⅲ", 0.08),
        ],
        recognition: vec![
            ("学生", 760, 671, None),
            ("家长", 1100, 951, None),
            ("教师", 380, 344, None),
            ("校长", 10, 10, None),
            ("人大代表", 24, 21, None),
            ("政协委员", 20, 18, None),
            ("其他群众", 200, 168, None),
        ],
        duties: vec![],
        leaders: vec![
            ("组长", "卢振华", "区人民政府区长"),
            ("副组长", "丁雅琴", "区人民政府副区长"),
            ("成员", "蒲建业", "区教育局局长"),
            ("成员", "乔明远", "区财政局局长"),
            ("成员", "费丽君", "区人力资源和社会保障局局长"),
            ("成员", "项立新", "区委编办主任"),
            ("办公室主任", "蒲建业", "区教育局局长（兼）"),
        ],
        phases: vec![
            (
                "自查整改",
                "2025年4月—2025年12月",
                "撤销变相重点班，消除超大班额，补齐北关小学、河口初级中学教学仪器设备，完善教师交流轮岗办法。",
            ),
            (
                "复查申报",
                "2026年1月—2026年6月",
                "区督导室组织复查，问题全部整改到位后形成自评报告，申请省级评估。",
            ),
        ],
        tasks: vec![
            (
                "规范办学行为",
                "撤销变相重点班",
                "第一初级中学立即撤销“培优班”，按均衡编班原则重新分班，全区开展编班情况专项检查。",
                "区教育局",
                "2025年4月",
            ),
            (
                "规范办学行为",
                "消除超大班额",
                "第一初级中学八年级3班分流至同年级其他班级，严格执行初中班额不超过50人的规定。",
                "区教育局",
                "2025年8月",
            ),
            (
                "补齐办学条件",
                "更新教学仪器设备",
                "为北关小学、河口初级中学补充实验仪器和音体美器材，使生均教学仪器设备值达到标准。",
                "区教育局、区财政局",
                "2025年9月",
            ),
            (
                "补齐办学条件",
                "缩小体育场馆校际差距",
                "统筹体育路中学富余场地与周边学校共享使用，新建第二初级中学风雨操场。",
                "区教育局、区住房和城乡建设局",
                "2025年12月",
            ),
            (
                "加强教师队伍",
                "扩大交流轮岗",
                "修订教师交流轮岗办法，2025学年交流比例不低于符合条件教师的12%。",
                "区教育局、区人力资源和社会保障局",
                "2025年9月",
            ),
        ],
        texts: vec![
            (
                "指导思想",
                "坚持问题导向，以自查发现的问题为清单，以整改销号为抓手，规范办学行为，补齐办学条件短板，为申请义务教育优质均衡发展省级评估打牢基础。",
            ),
            (
                "存在问题",
                "一是第一初级中学变相设置重点班，存在56人以上超大班额。二是北关小学、河口初级中学生均教学仪器设备值不足标准的85%。三是初中学校体育运动场馆配置差距过大，校际差异系数超过0.45。四是教师交流轮岗比例低于10%。",
            ),
        ],
        targets: vec![],
    }
}

fn schools() -> Vec<School> {
    vec![
        school(
            "石门区实验小学",
            "小学",
            "城区",
            1983,
            (&[6, 6, 6, 6, 6, 6], 44),
            (&[], 0),
            1.04,
        )
        .central(),
        // 1,640 元 per pupil: below 85% of 2000.
        school(
            "石门区北关小学",
            "小学",
            "城区",
            1991,
            (&[5, 5, 5, 5, 5, 5], 43),
            (&[], 0),
            1.06,
        )
        .with(|s| s.equipment_wan = (f64::from(s.students(true)) * 1640.0 / 100.0).round() / 100.0),
        school(
            "石门区南街小学",
            "小学",
            "城区",
            2005,
            (&[4, 4, 4, 4, 4, 4], 42),
            (&[], 0),
            1.08,
        ),
        school(
            "石门区河口镇中心小学",
            "小学",
            "镇区",
            2002,
            (&[3, 3, 3, 3, 3, 3], 40),
            (&[], 0),
            1.1,
        ),
        school(
            "石门区双桥乡小学",
            "小学",
            "乡村",
            1996,
            (&[1, 1, 1, 1, 1, 1], 30),
            (&[], 0),
            1.2,
        ),
        // One class of 57 (八年级3班).
        school(
            "石门区第一初级中学",
            "初中",
            "城区",
            1978,
            (&[], 0),
            (&[9, 9, 9], 47),
            1.06,
        )
        .central()
        .with(|s| s.classes[1].1[2] = 57),
        school(
            "石门区第二初级中学",
            "初中",
            "城区",
            2000,
            (&[], 0),
            (&[7, 7, 7], 46),
            1.05,
        ),
        // About 2,040 元 per pupil: below 85% of 2500.
        school(
            "石门区河口初级中学",
            "初中",
            "镇区",
            2004,
            (&[], 0),
            (&[4, 4, 4], 44),
            1.08,
        )
        .boarding()
        .with(|s| {
            s.equipment_wan = (f64::from(s.students(false)) * 2040.0 / 100.0).round() / 100.0
        }),
        // A sports ground of 36 m² per pupil: the junior 1.5 差异系数 exceeds 0.45.
        school(
            "石门区体育路中学",
            "初中",
            "城区",
            1989,
            (&[], 0),
            (&[5, 5, 5], 45),
            1.08,
        )
        .with(|s| s.sports_area = f64::from(s.students(false)) * 36.0)
        .note("学校毗邻原区体育场，1998年体育场整体划归学校使用。"),
        school(
            "石门区双桥学校",
            "九年一贯制",
            "乡村",
            2014,
            (&[1, 1, 1, 1, 1, 1], 30),
            (&[2, 2, 2], 38),
            1.15,
        )
        .boarding(),
    ]
}
