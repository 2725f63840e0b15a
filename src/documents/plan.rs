//! 实施方案: the county's plan, with its cover notice or 印发通知 and two annexes.

use serde::Serialize;

use super::duties::{self, DutyTable};
use super::{Common, Para, defaults, section_paras, structured};
use crate::evaluate::Evaluation;
use crate::model::{County, DraftStatus};

#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    pub red_header: bool,
    /// 发文机关标志, e.g. 临川市清禾区教育局文件
    pub header_mark: String,
    pub title: String,
    pub addressee: String,
    pub paragraphs: Vec<String>,
    /// Contact lines (征求意见 notice only).
    pub contacts: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskItem {
    pub title: String,
    pub content: String,
    pub units: String,
    pub deadline: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskGroup {
    pub title: String,
    pub tasks: Vec<TaskItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LeaderRow {
    /// Printed only on the first member of a role (组长：).
    pub role: String,
    pub name: String,
    pub position: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseItem {
    pub name: String,
    pub period: String,
    pub content: Vec<Para>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanContext {
    pub common: Common,
    pub title: String,
    pub subtitle: Option<String>,
    pub notice: Option<Notice>,
    pub basis: Vec<Para>,
    pub guiding: Vec<Para>,
    pub goals: Vec<Para>,
    pub resource_goals: super::report::ResourceGoalTable,
    pub task_groups: Vec<TaskGroup>,
    pub shortfalls: Vec<super::shortfall::ShortfallTask>,
    /// Tasks for the failing county-level indicators (2.x, 3.x, 4.x, 差异系数).
    pub county_tasks: Vec<super::shortfall::ShortfallTask>,
    pub leaders: Vec<LeaderRow>,
    pub leadership_intro: String,
    pub office: Option<String>,
    pub phases: Vec<PhaseItem>,
    pub safeguards: Vec<Para>,
    /// Further 文字材料 sections (工作要求 …), numbered after 保障措施.
    pub extra_sections: Vec<(String, Vec<Para>)>,
    pub targets: Vec<crate::model::DevelopmentTarget>,
    pub attachments: Vec<String>,
    pub duties_title: String,
    pub duties: DutyTable,
    pub problems_title: String,
    pub problems: Vec<super::shortfall::ProblemRow>,
    pub colophon: Option<Colophon>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Colophon {
    pub printer: String,
    pub printed: String,
}

pub fn title(county: &County) -> String {
    let unit = county.info.admin_level.suffix();
    format!(
        "{}创建全国义务教育优质均衡发展{unit}实施方案",
        county.info.county_name
    )
}

fn notice(county: &County, common: &Common, plan_title: &str) -> Option<Notice> {
    let info = &county.info;
    let header_mark = format!("{}文件", common.authority);
    match info.status {
        DraftStatus::Consultation => {
            let deadline = info
                .feedback_deadline
                .clone()
                .map(|d| format!("请于{d}前"))
                .unwrap_or_else(|| "请在收到本通知后10个工作日内".to_string());
            let mut contacts = Vec::new();
            if let Some(p) = &info.contact_person {
                contacts.push(("联系人".to_string(), p.clone()));
            }
            if let Some(p) = &info.contact_phone {
                contacts.push(("联系电话".to_string(), p.clone()));
            }
            if let Some(p) = &info.contact_email {
                contacts.push(("电子邮箱".to_string(), p.clone()));
            }
            Some(Notice {
                red_header: info.red_header,
                header_mark,
                title: "关于征求意见建议的通知".to_string(),
                addressee: "各有关单位".to_string(),
                paragraphs: vec![
                    format!(
                        "现将《{plan_title}（征求意见稿）》印送你们，请认真研究并提出修改意见和建议。"
                    ),
                    format!(
                        "{deadline}将经单位主要负责同志审签的书面意见（电子版及签字扫描件）反馈至{}。逾期未反馈的，视为无意见。",
                        common.authority
                    ),
                ],
                contacts,
            })
        }
        _ if info.red_header => Some(Notice {
            red_header: true,
            header_mark,
            title: format!("关于印发《{plan_title}》的通知"),
            addressee: "各有关单位".to_string(),
            paragraphs: vec![format!(
                "现将《{plan_title}》印发给你们，请结合工作实际，认真抓好贯彻落实。"
            )],
            contacts: Vec::new(),
        }),
        _ => None,
    }
}

fn leaders(county: &County) -> (Vec<LeaderRow>, Option<String>) {
    let mut rows = Vec::new();
    let mut office = None;
    let mut last_role = String::new();
    for m in &county.leaders {
        if m.role.contains("办公室") {
            let post = m.role.clone();
            office = Some(match office {
                None => format!("{}同志兼任{post}", m.name),
                Some(prev) => format!("{prev}，{}同志兼任{post}", m.name),
            });
            continue;
        }
        let role = if m.role == last_role {
            String::new()
        } else {
            format!("{}：", m.role)
        };
        last_role = m.role.clone();
        rows.push(LeaderRow {
            role,
            name: m.name.clone(),
            position: m.position.clone(),
        });
    }
    let unit = education_bureau(county);
    let office_sentence = office.map(|who| {
        format!("领导小组下设办公室，办公室设在{unit}，{who}，负责创建工作的日常联络、统筹调度和督促落实。")
    });
    (rows, office_sentence)
}

/// The education bureau as the 领导小组 sheet names it (the office's members first, e.g.
/// “县教育和体育局党组书记、局长” gives 县教育和体育局); `区教育局` etc. when no position
/// names one.
fn education_bureau(county: &County) -> String {
    let office_first = county
        .leaders
        .iter()
        .filter(|m| m.role.contains("办公室"))
        .chain(county.leaders.iter());
    for m in office_first {
        for part in m.position.split(['、', '，', ',', ' ', '　']) {
            if let Some(end) = part.find('局')
                && part.contains('教')
            {
                let unit = &part[..end + '局'.len_utf8()];
                if part[..end].contains('教') {
                    return unit.to_string();
                }
            }
        }
    }
    format!("{}教育局", county.info.admin_level.suffix())
}

pub fn context(county: &County, evaluation: &Evaluation, common: Common) -> PlanContext {
    let plan_title = title(county);
    let level = county.info.admin_level;
    let name = &county.info.county_name;
    let subtitle = match county.info.status {
        DraftStatus::Final => None,
        other => Some(format!("（{}）", other.label())),
    };
    // Tasks grouped by their 类别, in first-appearance order.
    let mut task_groups: Vec<TaskGroup> = Vec::new();
    for t in &county.tasks {
        let category = if t.category.is_empty() {
            "重点工作".to_string()
        } else {
            t.category.clone()
        };
        let item = TaskItem {
            title: t.title.trim_end_matches(['。', '.']).to_string(),
            content: t.content.clone(),
            units: t.units.join("、"),
            deadline: t.deadline.clone(),
        };
        match task_groups.iter_mut().find(|g| g.title == category) {
            Some(g) => g.tasks.push(item),
            None => task_groups.push(TaskGroup {
                title: category,
                tasks: vec![item],
            }),
        }
    }
    let (leaders, office) = leaders(county);
    let safeguards = match super::section_of(county, "保障措施") {
        Some(paras) => paras,
        None => structured(
            &defaults::SAFEGUARDS
                .iter()
                .map(|p| defaults::fill(p, level, name))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    };
    let mut goals = section_paras(county, &["工作目标"], defaults::WORK_GOALS);
    let years = &county.info;
    if let (Some(p), Some(n)) = (
        years.provincial_assessment_year,
        years.national_recognition_year,
    ) {
        goals.extend(year_goal(&goals, p, n, &common.goal_name));
    }
    let duties_table = duties::table(county, evaluation, county.info.duty_style);
    let colophon = county.info.red_header.then(|| Colophon {
        printer: common.authority.clone(),
        printed: common.date.clone(),
    });
    PlanContext {
        title: plan_title,
        subtitle,
        notice: notice(county, &common, &title(county)),
        basis: section_paras(county, &["编制依据", "前言"], defaults::BASIS),
        guiding: section_paras(
            county,
            &["指导思想", "总体要求"],
            defaults::GUIDING_PRINCIPLES,
        ),
        targets: county.targets.clone(),
        extra_sections: super::extra_sections(county),
        goals,
        resource_goals: super::report::resource_goal_table(evaluation),
        task_groups,
        shortfalls: super::report::shortfall_tasks(county, evaluation),
        county_tasks: super::county::county_tasks(county, evaluation),
        leadership_intro: format!(
            "成立{name}创建全国义务教育优质均衡发展{}工作领导小组，统筹推进创建工作。领导小组组成如下：",
            level.suffix()
        ),
        leaders,
        office,
        phases: county
            .phases
            .iter()
            .map(|p| PhaseItem {
                name: p.name.clone(),
                period: p.period.clone(),
                content: structured(&p.content),
            })
            .collect(),
        safeguards,
        attachments: vec![
            duties::title(county),
            format!("{name}义务教育优质均衡发展问题清单（整改台账）"),
        ],
        duties_title: duties::title(county),
        duties: duties_table,
        problems_title: format!("{name}义务教育优质均衡发展问题清单（整改台账）"),
        problems: super::report::problem_rows(county, evaluation),
        colophon,
        common,
    }
}

/// The 工作目标's timetable sentence, unless the workbook's own 工作目标 already gives
/// both years (it would say the same thing twice).
fn year_goal(goals: &[Para], provincial: i32, national: i32, goal_name: &str) -> Option<Para> {
    let said = |year: i32| {
        let year = format!("{year}年");
        goals.iter().any(|g| g.text.contains(&year))
    };
    if said(provincial) && said(national) {
        return None;
    }
    Some(Para::plain(format!(
        "{provincial}年通过省级督导评估，{national}年接受国家督导评估认定，成为{goal_name}。"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timetable_is_said_once() {
        let own = [Para::plain(
            "2026年全县义务教育学校各项指标达到优质均衡评估标准，通过省级评估；2027年通过国家认定。",
        )];
        assert!(year_goal(&own, 2026, 2027, "全国义务教育优质均衡发展县").is_none());
        let generic = [Para::plain(
            "确保全区每所义务教育学校各项指标达到国家标准。",
        )];
        let added = year_goal(&generic, 2026, 2027, "全国义务教育优质均衡发展区");
        assert_eq!(
            added.map(|p| p.text).as_deref(),
            Some(
                "2026年通过省级督导评估，2027年接受国家督导评估认定，成为全国义务教育优质均衡发展区。"
            )
        );
        // Another year in the text is not the timetable.
        let other = [Para::plain("2026年完成布局调整。")];
        assert!(year_goal(&other, 2026, 2027, "x").is_some());
    }
    use crate::model::{AdminLevel, BasicInfo, LeadingGroupMember};

    fn member(role: &str, position: &str) -> LeadingGroupMember {
        LeadingGroupMember {
            row: 2,
            role: role.to_string(),
            name: "某某".to_string(),
            position: position.to_string(),
        }
    }

    #[test]
    fn the_office_sits_in_the_bureau_the_leading_group_names() {
        let mut county = County {
            info: BasicInfo {
                admin_level: AdminLevel::County,
                ..BasicInfo::default()
            },
            leaders: vec![
                member("组长", "县人民政府县长"),
                member(
                    "办公室主任",
                    "县人民政府党组成员、县教育和体育局党组书记、局长",
                ),
            ],
            ..County::default()
        };
        let (_, office) = leaders(&county);
        let office = office.unwrap_or_default();
        assert!(office.contains("办公室设在县教育和体育局，"), "{office}");
        // The director works elsewhere: another member's education bureau is used.
        county.leaders = vec![
            member("副组长", "县教体局局长"),
            member("办公室主任", "县人民政府教育督导室主任"),
        ];
        assert_eq!(education_bureau(&county), "县教体局");
        // Nobody names one: the default unit of the level.
        county.leaders = vec![member("办公室主任", "县人民政府办公室主任")];
        assert_eq!(education_bureau(&county), "县教育局");
    }
}
