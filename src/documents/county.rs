//! County-level shortfalls (政府保障程度, 教育质量, 社会认可度 and the 差异系数): one plan
//! task per failing indicator and one 问题清单 row per finding, each worded from
//! evaluate's typed findings (figure, limit, what is still lacking); and the 努力方向 a
//! blank text sheet leaves to the results.

use super::format;
use super::shortfall::{ProblemRow, ShortfallTask, cv_text, deadline, units_for};
use super::wording::Words;
use super::{Para, structured};
use crate::evaluate::catalogue::{Area, IndicatorId, RESOURCE_IDS};
use crate::evaluate::{Evaluation, Finding, IndicatorResult};
use crate::model::County;

/// Round up to `places` decimals, so a gap is never understated (float noise aside).
fn up(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    ((x * scale) - 1e-6).ceil().max(0.0) / scale
}

fn people(n: f64) -> String {
    format::int(n.max(0.0).round() as u64)
}

/// Money as the documents print it: whole 元, rounded up so a gap is never understated.
fn yuan(x: f64) -> String {
    format!("{}元", format::decimal(up(x, 0), 0))
}

fn points(fraction: f64) -> String {
    format!("{}个百分点", format::decimal(up(fraction * 100.0, 2), 2))
}

/// What is still lacking, in the requirement's own unit: `还需交流轮岗教师1人`.
fn gap_phrase(id: IndicatorId, f: &Finding) -> Option<String> {
    let need = f.need.filter(|n| *n > 0.0)?;
    Some(match (id, f.key) {
        (IndicatorId::I2_3, Some("music_rooms")) => format!("需增配音乐专用教室{}间", people(need)),
        (IndicatorId::I2_3, Some("art_rooms")) => format!("需增配美术专用教室{}间", people(need)),
        (IndicatorId::I2_4, _) => format!("超出{}人", people(need)),
        (IndicatorId::I2_5, _) => format!("最大班额超出标准{}人", people(need)),
        (IndicatorId::I2_7, _) => format!("生均还差{}", yuan(need)),
        (IndicatorId::I2_8, _) => format!("人均还差{}", yuan(need)),
        (IndicatorId::I2_9, _) => format!("还有{}名教师需完成培训", people(need)),
        (IndicatorId::I2_11, Some("backbone")) => {
            format!("还需增加交流轮岗的骨干教师{}人", people(need))
        }
        (IndicatorId::I2_11, _) => format!("还需交流轮岗教师{}人", people(need)),
        (IndicatorId::I2_12, _) => {
            format!("还有{}名专任教师需取得教师资格", people(need))
        }
        (IndicatorId::I2_15, _) => format!(
            "还需安排{}名随迁子女在公办学校或政府购买服务的民办学校就读",
            people(need)
        ),
        (IndicatorId::I3_1, _) => format!("按三年前初一学生数计还差{}人", people(need)),
        (IndicatorId::I3_2, _) => format!("还需安排{}名适龄残疾儿童少年入学", people(need)),
        (IndicatorId::I3_4, _) => format!("需增加教师培训经费{}", yuan(need)),
        (IndicatorId::I2_13 | IndicatorId::I2_14 | IndicatorId::I4_1, _) => {
            format!("还差{}", points(need))
        }
        _ => return None,
    })
}

/// The remedy that fits a county-level requirement.
fn remedy(id: IndicatorId, key: Option<&str>) -> &'static str {
    match (id, key) {
        (IndicatorId::I2_1, _) => "修订义务教育学校布局规划，按规划推进学校新建、改扩建和布局调整",
        (IndicatorId::I2_2, _) => {
            "统一城乡学校建设标准、教师编制标准、生均公用经费基准定额和基本装备配置标准，并以文件印发执行"
        }
        (IndicatorId::I2_3, Some("music_area" | "art_area")) => {
            "改建或新建音乐、美术专用教室，使面积达到标准"
        }
        (IndicatorId::I2_3, _) => "按每12个班级音乐、美术专用教室各1间的标准新建或改建专用教室",
        (IndicatorId::I2_4, _) => "新建、扩建学校并调整招生范围，分流学生，控制学校规模",
        (IndicatorId::I2_5, _) => "合理调整招生计划和学区划分，增加教室、分流学生，消除超标准班额",
        (IndicatorId::I2_6, _) => "对不足100名学生的村小学和教学点按100名学生核定并拨付公用经费",
        (IndicatorId::I2_7, _) => "提高特殊教育学校生均公用经费拨付标准，足额拨付到位",
        (IndicatorId::I2_8, Some("pay")) => {
            "健全教师工资与当地公务员工资联动机制，补足教师平均工资收入差额"
        }
        (IndicatorId::I2_8, _) => "按规定足额核定教师绩效工资总量",
        (IndicatorId::I2_9, _) => "制订培训计划，组织未完成学时的教师参加培训，按期完成5年360学时",
        (IndicatorId::I2_10, _) => "在核定的编制总额和岗位总量内统筹分配各校编制和岗位",
        (IndicatorId::I2_11, Some("backbone")) => "在年度交流计划中优先安排骨干教师交流轮岗",
        (IndicatorId::I2_11, _) => "制订年度教师交流轮岗计划，扩大交流轮岗范围，落实激励保障措施",
        (IndicatorId::I2_12, _) => {
            "组织未持证教师参加教师资格考试和认定，未取得资格前调整出教学岗位"
        }
        (IndicatorId::I2_13, _) => "完善划片招生办法，落实免试就近入学",
        (IndicatorId::I2_14, Some("share")) => "提高优质普通高中招生名额分配到初中学校的比例",
        (IndicatorId::I2_14, _) => "优质普通高中招生名额分配向农村初中倾斜",
        (IndicatorId::I2_15, Some("enrolment")) => {
            "扩大公办学校学位供给，通过政府购买服务安排随迁子女就读"
        }
        (IndicatorId::I2_15, _) => "健全留守儿童关爱服务体系，落实结对帮扶和关爱措施",
        (IndicatorId::I3_1, _) => "落实控辍保学责任，建立辍学学生劝返复学台账，逐人跟踪",
        (IndicatorId::I3_2, _) => {
            "通过随班就读、特殊教育学校就读和送教上门等方式安排适龄残疾儿童少年入学"
        }
        (IndicatorId::I3_3, _) => "指导学校制定章程，推进学校管理与教学信息化",
        (IndicatorId::I3_4, _) => "各校按不低于公用经费预算总额5%的比例安排教师培训经费",
        (IndicatorId::I3_5, _) => "开展教师信息化教学能力培训，提高信息化设施设备使用率",
        (IndicatorId::I3_6, _) => "加强德育工作和校园文化建设，对未达到良好的学校开展专项指导",
        (IndicatorId::I3_7, _) => "开齐开足国家规定课程，规范教学秩序，有效开展综合实践活动",
        (IndicatorId::I3_8, _) => "落实作业、考试、睡眠等管理规定，减轻学生过重课业负担",
        (IndicatorId::I3_9, _) => "申报前无法改变；依据监测报告改进教学",
        (IndicatorId::I4_1, _) => "加强政策宣传和家校沟通，及时回应群众关切，提高社会认可度",
        (IndicatorId::I4_2, _) => {
            "一票否决事项：彻底纠正该情形并形成整改报告（情形存续期间不予认定）"
        }
        _ => "对照标准制定整改方案，明确责任和时限，逐项销号",
    }
}

/// A county-level finding as a sentence: its line (what is measured, the value and the
/// standard), then what is lacking.
fn finding_sentence(words: &Words, r: &IndicatorResult, f: &Finding) -> String {
    let line = words.finding(r, f);
    let base = line.trim_end_matches('。');
    match gap_phrase(r.id, f) {
        Some(gap) => format!("{base}，{gap}"),
        None => base.to_string(),
    }
}

/// The failing county-level indicators (everything except the per-school 1.1–1.7).
fn failing(evaluation: &Evaluation) -> impl Iterator<Item = &IndicatorResult> {
    evaluation
        .indicators
        .iter()
        .filter(|r| r.met == Some(false) && !RESOURCE_IDS.contains(&r.id))
}

/// One plan task per failing county-level indicator, and one per 差异系数 over its
/// limit: what is measured, the figures against the standard, what is lacking, the
/// remedy, the responsible units and the deadline.
pub fn county_tasks(county: &County, evaluation: &Evaluation) -> Vec<ShortfallTask> {
    let words = Words::new(county, evaluation);
    let deadline = deadline(county);
    let whole = format!("全{}", county.info.admin_level.suffix());
    let mut out = Vec::new();
    for stat in evaluation.cv.stats.iter().filter(|s| s.met == Some(false)) {
        let ind = stat.indicator.indicator();
        let limit = format::decimal(stat.limit, 2);
        out.push(ShortfallTask {
            title: format!(
                "{whole}{}{}校际差异系数力争于{deadline}降至{limit}以下",
                stat.stage.label(),
                ind.name
            ),
            text: format!(
                "{whole}{}{}校际差异系数为{}，高于{limit}的标准。向低于均值的学校倾斜配置资源，缩小校际差距。（责任单位：{}；完成时限：{deadline}）",
                stat.stage.label(),
                ind.name,
                cv_text(stat.cv, stat.stage),
                units_for(county, stat.indicator),
            ),
        });
    }
    for r in failing(evaluation) {
        let ind = r.indicator();
        let units = units_for(county, r.id);
        let findings = &r.findings;
        let lines: Vec<String> = findings
            .iter()
            .map(|f| finding_sentence(&words, r, f))
            .collect();
        let mut remedies: Vec<&str> = Vec::new();
        for f in findings {
            let m = remedy(r.id, f.key);
            if !remedies.contains(&m) {
                remedies.push(m);
            }
        }
        let (title, closing) = match r.id {
            IndicatorId::I4_2 => (
                if evaluation.veto.is_empty() {
                    "消除一票否决情形".to_string()
                } else {
                    format!("消除一票否决情形（{}）", evaluation.veto.join("、"))
                },
                format!(
                    "该情形存续期间{whole}不予认定，须在申报前彻底纠正并形成整改报告。（责任单位：{units}；完成时限：{deadline}）"
                ),
            ),
            IndicatorId::I3_9 => (
                "依据国家义务教育质量监测结果改进教育教学".to_string(),
                format!(
                    "监测结果在申报前无法通过整改改变，应依据监测报告改进教学、持续跟踪。（责任单位：{units}）"
                ),
            ),
            _ => (
                format!("{}力争于{deadline}达到标准", ind.name),
                format!(
                    "{}。（责任单位：{units}；完成时限：{deadline}）",
                    remedies.join("；")
                ),
            ),
        };
        out.push(ShortfallTask {
            title,
            text: format!(
                "目前{}（标准：{}）。{closing}",
                lines.join("；"),
                ind.standard_text
            ),
        });
    }
    out
}

/// 问题清单 rows for the county-level findings: the school where the finding is about
/// one, the figures and what is lacking, and the remedy that fits the requirement.
pub fn county_problem_rows(county: &County, evaluation: &Evaluation) -> Vec<ProblemRow> {
    let words = Words::new(county, evaluation);
    let deadline = deadline(county);
    let whole = format!("全{}", county.info.admin_level.suffix());
    let mut rows = Vec::new();
    for r in failing(evaluation) {
        for f in &r.findings {
            rows.push(ProblemRow {
                school: words.who(f).unwrap_or_else(|| whole.clone()),
                indicator: r.id.to_string(),
                problem: finding_sentence(&words, r, f),
                measure: remedy(r.id, f.key).to_string(),
                units: units_for(county, r.id),
                deadline: match r.id {
                    IndicatorId::I3_9 => "持续改进".to_string(),
                    _ => deadline.clone(),
                },
            });
        }
    }
    rows
}

/// 努力方向 from the results when the text sheet leaves it blank: an opening line, one
/// paragraph per unmet area naming its indicators and remedies, and a closing line.
pub fn directions(county: &County, evaluation: &Evaluation, default: &str) -> Vec<Para> {
    let level = county.info.admin_level;
    let name = &county.info.county_name;
    let fill = |t: &str| super::defaults::fill(t, level, name);
    let deadline = deadline(county);
    let mut paras: Vec<String> = Vec::new();
    let ordinals = ["一", "二", "三", "四"];
    let mut n = 0;
    for area in Area::ALL {
        let unmet: Vec<&IndicatorResult> = evaluation
            .indicators
            .iter()
            .filter(|r| {
                r.met == Some(false) && r.indicator().area == area && r.id != IndicatorId::I4_2
            })
            .collect();
        if unmet.is_empty() {
            continue;
        }
        let clauses: Vec<String> = unmet
            .iter()
            .map(|r| {
                let ind = r.indicator();
                let below = evaluation.schools.iter().any(|s| s.gap(r.id).is_some());
                let what = match ind.gap {
                    Some(g) if below => format!("为未达标学校增加{}", g.noun),
                    Some(_) => "向低于均值的学校倾斜配置资源，缩小校际差距".to_string(),
                    None if r.id == IndicatorId::I3_9 => {
                        "依据国家义务教育质量监测报告改进教学，提升学业水平、缩小校际差异"
                            .to_string()
                    }
                    None => {
                        let mut ms: Vec<&str> = Vec::new();
                        for f in &r.findings {
                            let m = remedy(r.id, f.key);
                            if !ms.contains(&m) {
                                ms.push(m);
                            }
                        }
                        ms.join("，")
                    }
                };
                format!("{}方面，{what}", ind.name)
            })
            .collect();
        let ordinal = ordinals.get(n).copied().unwrap_or("另");
        n += 1;
        paras.push(format!(
            "{ordinal}是补齐“{}”短板。{}。",
            area.label(),
            clauses.join("；")
        ));
    }
    // A veto item is no area's shortfall: while it stands the county is not recognised.
    let unmet = |id: IndicatorId| {
        evaluation
            .indicator(id)
            .is_some_and(|r| r.met == Some(false))
    };
    if unmet(IndicatorId::I4_2) {
        let ordinal = ordinals.get(n).copied().unwrap_or("另");
        paras.push(format!(
            "{ordinal}是彻底纠正一票否决情形。该情形存续期间不予认定，须在申报前纠正并形成整改报告。"
        ));
    }
    if paras.is_empty() {
        return structured(&fill(default));
    }
    // The monitoring results (3.9) cannot change before filing: no promise covers them.
    let which = if unmet(IndicatorId::I3_9) {
        "除义务教育质量监测结果（3.9）外的各项指标"
    } else {
        "各项指标"
    };
    let mut text = vec![fill(&format!(
        "{{我}}将以此次自评为契机，对照评估标准逐项整改，确保{deadline}{which}达到要求。"
    ))];
    text.extend(paras);
    text.push(fill(
        "同时，建立问题整改台账，定期调度、逐项销号，巩固提升优质均衡发展成果。",
    ));
    text.into_iter().map(Para::plain).collect()
}
