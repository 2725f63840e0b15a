//! The lines of 政府保障程度 (2.1–2.15).
//!
//! Every figure goes through [`format`]: a value of an indicator takes the catalogue's
//! decimals and stays on its side of the standard it fails (`indicator_value`), 元 print
//! whole, a standard prints as the 办法 writes it (`standard`: 10%, 6000元, 96平方米),
//! people, pupils and rooms are whole numbers.

use super::Words;
use crate::documents::format;
use crate::evaluate::catalogue::{IndicatorId, Rational};
use crate::evaluate::{ExceptionBasis, Finding, IndicatorResult, government};
use crate::model::Stage;

pub(super) fn finding(w: &Words, r: &IndicatorResult, f: &Finding) -> Option<String> {
    use IndicatorId as I;
    Some(match (r.id, f.key) {
        (I::I2_3, _) => rooms_line(w, f),
        (I::I2_4, _) => size_line(w, f),
        (I::I2_5, Some("unlisted_school")) => unlisted_class_line(f),
        (I::I2_5, _) => class_size_line(w, f),
        (I::I2_7, None) => format!(
            "特殊教育学校生均公用经费{}元，低于{}元",
            money_towards(f),
            limit(f)
        ),
        (I::I2_8, Some("pay")) => format!(
            "教师平均工资收入{}元，低于当地公务员平均工资收入{}元",
            money_towards(f),
            f.limit.map_or(format::MISSING.to_string(), money)
        ),
        (I::I2_9, None) => format!(
            "5年360学时培训完成率{}（已完成{}人，应完成{}人），未达到{}",
            share_value(r.id, f),
            part(f),
            whole(f),
            share_limit(f)
        ),
        (I::I2_11, Some("rotation")) => counted_share("交流轮岗教师比例", "低于", r, f),
        (I::I2_11, Some("backbone")) => counted_share("交流轮岗教师中骨干教师比例", "低于", r, f),
        (I::I2_12, None) => counted_share("专任教师持证上岗率", "未达到", r, f),
        (I::I2_13, None) => format!(
            "{}{}就近划片入学比例{}，未达到{}",
            w.school(f).map_or(String::new(), |s| s.name.clone()),
            f.stage.map_or("", Stage::label),
            share_value(r.id, f),
            share_limit(f)
        ),
        (I::I2_14, Some("share")) => format!(
            "优质高中招生名额分配比例{}，低于{}",
            share_value(r.id, f),
            share_limit(f)
        ),
        (I::I2_15, Some("enrolment")) => counted_share(
            "随迁子女在公办学校和政府购买服务的民办学校就读比例",
            "低于",
            r,
            f,
        ),
        (_, Some(item)) => flag_line(item),
        _ => unworded(r),
    })
}

/// A failure whose data fit no sentence above (evaluate gives none such): the indicator
/// and its standard.
fn unworded(r: &IndicatorResult) -> String {
    let ind = r.indicator();
    format!("{}未达到标准（{}）", ind.name, ind.standard_text)
}

pub(super) fn exception(w: &Words, r: &IndicatorResult, f: &Finding) -> Option<String> {
    let name = w.who(f).unwrap_or_default();
    let school = w.school(f);
    let place = school.map_or("城区", |s| s.city_label());
    let note = super::quoted_note(school.and_then(|s| s.special_note.as_deref()));
    let basis = f.basis?;
    let line = match (r.id, basis) {
        (IndicatorId::I2_3, ExceptionBasis::BuiltBefore2017) => format!(
            "{name}为{}年及以前规划建设的学校，音乐、美术专用教室按数量认定（{}）",
            government::ROOM_AREA_EXEMPT_UNTIL,
            basis.label()
        ),
        (IndicatorId::I2_3, ExceptionBasis::StartingGrade) => format!(
            "{name}按起始年级班级数测算为{}个班，应配音乐、美术专用教室各{}间，现有{}间，数量达标（{}）",
            f.counts
                .map_or(format::MISSING.to_string(), |(_, p)| format::int(p)),
            whole_number(f.limit),
            whole_number(f.value),
            basis.label()
        ),
        (IndicatorId::I2_3, _) => format!(
            "{name}位于{place}，确实无法增加音乐、美术专用教室，能确保音乐、美术课开齐开足开好（{}）",
            basis.label()
        ),
        (IndicatorId::I2_4, ExceptionBasis::CampusWithinLimit) => format!(
            "{name}义务教育阶段在校生{}人，超过{}人，但各独立校区规模均未超过{}人（最大校区{}人）",
            whole_number(f.value),
            whole_number(f.limit),
            whole_number(f.limit),
            f.counts
                .map_or(format::MISSING.to_string(), |(c, _)| format::int(c))
        ),
        (IndicatorId::I2_4, ExceptionBasis::SizePlan) => format!(
            "{name}位于{place}，义务教育阶段在校生{}人，超过{}人，因城镇化等原因超规模，已制定化解方案（{}）",
            whole_number(f.value),
            whole_number(f.limit),
            basis.label()
        ),
        (IndicatorId::I2_4, _) => format!(
            "{name}义务教育阶段在校生{}人，超过{}人，但未超过县级以上人民政府批复规模",
            whole_number(f.value),
            whole_number(f.limit)
        ),
        (IndicatorId::I2_5, _) => class_size_exception(w, f, basis)?,
        _ => format!("{name}按特殊情形认定（{}）", basis.label()),
    };
    Some(format!("{line}{note}"))
}

pub(super) fn summary(_w: &Words, r: &IndicatorResult) -> Option<String> {
    use IndicatorId as I;
    let not_applicable = || "不涉及".to_string();
    Some(match r.id {
        I::I2_1 | I::I2_2 | I::I2_6 | I::I2_10 => String::new(),
        I::I2_3 => r.figure("schools").map_or_else(String::new, |n| {
            format!(
                "{}所学校音乐、美术专用教室配备均达到要求",
                whole_number(Some(n))
            )
        }),
        I::I2_4 => r.value.map_or_else(String::new, |v| {
            format!("最大学校规模{}人", whole_number(Some(v)))
        }),
        I::I2_5 => class_size_summary(r),
        I::I2_7 => r.value.map_or_else(not_applicable, |v| {
            format!("特殊教育学校生均公用经费{}元", money(v))
        }),
        I::I2_8 => match (r.figure("teacher_pay"), r.figure("civil_servant_pay")) {
            (Some(t), Some(c)) => format!(
                "教师平均工资收入{}元，当地公务员平均工资收入{}元",
                money(t),
                money(c)
            ),
            _ => String::new(),
        },
        I::I2_9 => met_share(r, "5年360学时培训完成率", r.value, r.indicator().threshold),
        I::I2_11 => match (r.value, r.figure("backbone_ratio")) {
            (Some(v), Some(b)) => format!(
                "交流轮岗教师比例{}，其中骨干教师比例{}",
                share(r.id, v, government::ROTATION_SHARE.to_f64()),
                share(r.id, b, government::BACKBONE_SHARE.to_f64())
            ),
            _ => String::new(),
        },
        I::I2_12 => met_share(r, "专任教师持证上岗率", r.value, r.indicator().threshold),
        I::I2_13 => {
            let stages: Vec<String> = Stage::BOTH
                .iter()
                .map(|st| {
                    let key = match st {
                        Stage::Primary => "primary",
                        Stage::Junior => "junior",
                    };
                    let standard = r.indicator().standard(*st).map_or(0.0, Rational::to_f64);
                    match r.figure(key) {
                        Some(v) => format!("{}{}", st.label(), share(r.id, v, standard)),
                        None => format!("{}不涉及", st.label()),
                    }
                })
                .collect();
            // Say which figure the verdict rests on: each school's, or the county's.
            if r.figure("per_school").is_some() {
                format!("逐校就近划片入学比例（最低）：{}", stages.join("，"))
            } else {
                format!("就近划片入学比例（全县）：{}", stages.join("，"))
            }
        }
        I::I2_14 => match r.value {
            Some(_) => met_share(
                r,
                "优质高中招生名额分配比例",
                r.value,
                r.indicator().threshold,
            ),
            None => not_applicable(),
        },
        I::I2_15 => match r.value {
            Some(_) => met_share(
                r,
                "随迁子女在公办学校和政府购买服务的民办学校就读比例",
                r.value,
                r.indicator().threshold,
            ),
            None => "县域内无符合条件的随迁子女".to_string(),
        },
        _ => return None,
    })
}

/// The sentence of a 县级指标 yes/no item answered 否, by the item's name.
fn flag_line(item: &str) -> String {
    match item {
        "规划布局合理" => "县域义务教育学校规划布局不合理或不符合国家规定要求",
        "建设标准统一" => "城乡学校建设标准未统一",
        "教师编制标准统一" => "城乡教师编制标准未统一",
        "生均公用经费基准定额统一" => "城乡生均公用经费基准定额未统一",
        "基本装备配置标准统一" => "城乡基本装备配置标准未统一",
        "小规模学校按100人核定公用经费" => {
            "不足100名学生的村小学和教学点未按100名学生核定公用经费"
        }
        "绩效工资足额核定" => "未按规定足额核定教师绩效工资总量",
        "编制岗位统筹分配" => {
            "县级教育行政部门未在核定的编制总额和岗位总量内统筹分配各校编制和岗位"
        }
        "名额分配向农村初中倾斜" => "优质高中招生名额分配未向农村初中倾斜",
        "留守儿童关爱体系健全" => "留守儿童关爱体系不健全",
        other => return format!("「县级指标」项目“{other}”为“否”"),
    }
    .to_string()
}

/// A whole number (people, pupils, rooms, schools).
fn whole_number(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() && v >= 0.0 => format::int(v.round() as u64),
        _ => format::MISSING.to_string(),
    }
}

/// Amounts of 元 print whole, as everywhere in the documents (1.6's values, the seeds'
/// 128640元).
const YUAN_PLACES: usize = 0;

/// A finding's amount of 元, on its side of the limit (5999.6 against 6000 is 5999).
fn money_towards(f: &Finding) -> String {
    match (f.value, f.limit) {
        (Some(v), Some(l)) => format::value_towards(v, l, YUAN_PLACES),
        _ => format::MISSING.to_string(),
    }
}

/// A finding's limit as the 办法 writes it.
fn limit(f: &Finding) -> String {
    f.limit
        .map_or(format::MISSING.to_string(), format::standard)
}

/// An amount of 元.
fn money(v: f64) -> String {
    format::decimal(v, YUAN_PLACES)
}

/// A share of indicator `id` with its decimals, on its side of `standard` (both
/// fractions): 8.00%, 99.99% (never 100.00% when short of 100%).
fn share(id: IndicatorId, v: f64, standard: f64) -> String {
    format::indicator_share(id, v, standard)
}

fn share_value(id: IndicatorId, f: &Finding) -> String {
    match (f.value, f.limit) {
        (Some(v), Some(l)) => share(id, v, l),
        _ => format::MISSING.to_string(),
    }
}

/// A failing share with the counts behind it: `交流轮岗教师比例8.00%（20/250），低于10%`.
fn counted_share(what: &str, short_of: &str, r: &IndicatorResult, f: &Finding) -> String {
    format!(
        "{what}{}（{}/{}），{short_of}{}",
        share_value(r.id, f),
        part(f),
        whole(f),
        share_limit(f)
    )
}

/// A share's standard as the 办法 writes it: 10%, 100%.
fn share_limit(f: &Finding) -> String {
    f.limit
        .map_or(format::MISSING.to_string(), format::standard_share)
}

fn part(f: &Finding) -> String {
    f.counts
        .map_or(format::MISSING.to_string(), |(p, _)| format::int(p))
}

fn whole(f: &Finding) -> String {
    f.counts
        .map_or(format::MISSING.to_string(), |(_, w)| format::int(w))
}

/// A met share: `专任教师持证上岗率100.00%`.
fn met_share(
    r: &IndicatorResult,
    what: &str,
    v: Option<f64>,
    standard: Option<Rational>,
) -> String {
    match v {
        Some(v) => format!(
            "{what}{}",
            share(r.id, v, standard.map_or(0.0, Rational::to_f64))
        ),
        None => String::new(),
    }
}

/// A 2.3 failure: too few rooms for the classes, or a room too small in a school built
/// after 2016.
fn rooms_line(w: &Words, f: &Finding) -> String {
    let name = w.who(f).unwrap_or_default();
    let (subject, counted) = match f.key {
        Some("music_rooms") => ("音乐", true),
        Some("art_rooms") => ("美术", true),
        Some("music_area") => ("音乐", false),
        _ => ("美术", false),
    };
    if counted {
        return format!(
            "{name}有{}个班，应配{subject}专用教室{}间，实有{}间",
            whole(f),
            whole_number(f.limit),
            whole_number(f.value)
        );
    }
    let built = w
        .school(f)
        .and_then(|s| s.built_year)
        .map(|y| format!("（{y}年建设）"))
        .unwrap_or_default();
    let area = match (f.value, f.limit) {
        (Some(v), Some(l)) => format::value_towards(v, l, 2),
        _ => format::MISSING.to_string(),
    };
    format!(
        "{name}{built}{subject}专用教室最小面积{area}平方米，小于{}平方米",
        limit(f)
    )
}

/// A 2.4 failure: `松溪区实验小学（小学）义务教育阶段在校生2112人，超过2000人`.
fn size_line(w: &Words, f: &Finding) -> String {
    let name = w.who(f).unwrap_or_default();
    let kind = w
        .school(f)
        .map(|s| format!("（{}）", s.kind.label()))
        .unwrap_or_default();
    format!(
        "{name}{kind}义务教育阶段在校生{}人，超过{}人",
        whole_number(f.value),
        whole_number(f.limit)
    )
}

/// A 2.5 failure of a class whose school the 学校 sheet does not list.
fn unlisted_class_line(f: &Finding) -> String {
    format!(
        "{}，超过{}人（该校不在「学校」工作表中）",
        f.items.join("、"),
        whole_number(f.limit)
    )
}

/// A 2.5 failure, naming its stage: `北关小学最大班额49人，超过小学45人的标准`.
fn class_size_line(w: &Words, f: &Finding) -> String {
    let name = w.who(f).unwrap_or_default();
    let stage = f.stage.map_or("", Stage::label);
    let line = format!(
        "{name}最大班额{}人，超过{stage}{}人的标准",
        whole_number(f.value),
        whole_number(f.limit)
    );
    if f.key != Some("large_class") {
        return line;
    }
    // 56–65 is a 大班额, 66 and more a 超大班额 (the Ministry's terms).
    let large = format!("{}人以上大班额", government::LARGE_CLASS);
    let huge = format!("{}人以上超大班额", government::HUGE_CLASS);
    let is_huge = f
        .value
        .is_some_and(|v| v >= f64::from(government::HUGE_CLASS));
    // The 学校 sheet gives only the largest class: it is the large one.
    if f.items.is_empty() {
        return format!("{line}，属{}", if is_huge { huge } else { large });
    }
    let of_which = if is_huge {
        format!("，其中有{huge}")
    } else {
        String::new()
    };
    format!("{line}，且有{large}（{}）{of_which}", f.items.join("、"))
}

/// A 2.5 特殊情形认定, naming its stage.
fn class_size_exception(w: &Words, f: &Finding, basis: ExceptionBasis) -> Option<String> {
    let name = w.who(f).unwrap_or_default();
    let stage = f.stage.map_or("", Stage::label);
    let value = whole_number(f.value);
    let relaxed = whole_number(f.limit);
    Some(match basis {
        ExceptionBasis::StartingGrade => format!(
            "{name}起始年级班额不超过{}人，{stage}其他年级最大班额{value}人，不超过{relaxed}人（{}）",
            f.stage
                .map_or(format::MISSING.to_string(), |st| format::int(u64::from(
                    government::class_limit(st)
                ))),
            basis.label()
        ),
        _ => format!(
            "{name}最大班额{value}人，属挖潜扩容的优质学校，不超过{stage}放宽后的{relaxed}人（{}）",
            basis.label()
        ),
    })
}

/// 2.5 when met: the largest class of each stage (never a figure without its stage).
fn class_size_summary(r: &IndicatorResult) -> String {
    Stage::BOTH
        .iter()
        .filter_map(|st| {
            let v = r.by_stage.get(*st)?;
            Some(format!("{}最大班额{}人", st.label(), format::decimal(v, 0)))
        })
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::super::Words;
    use crate::evaluate::catalogue::IndicatorId;
    use crate::evaluate::government::FLAG_ITEMS;
    use crate::evaluate::tests::fixtures::*;
    use crate::evaluate::{IndicatorResult, evaluate};
    use crate::model::{County, ItemValue};

    /// The detail, findings and exceptions of one indicator, as worded.
    fn lines(c: &County, id: IndicatorId) -> (Option<bool>, String, Vec<String>, Vec<String>) {
        let e = evaluate(c);
        let w = Words::new(c, &e);
        let r: &IndicatorResult = e.indicator(id).unwrap();
        let findings = r.findings.iter().map(|f| w.finding(r, f)).collect();
        let exceptions = r.exceptions.iter().map(|f| w.exception(r, f)).collect();
        (r.met, w.detail(r).unwrap_or_default(), findings, exceptions)
    }

    fn detail(c: &County, id: IndicatorId) -> String {
        lines(c, id).1
    }

    #[test]
    fn every_government_result_is_worded_here() {
        use super::{exception, finding, summary};
        let mut c = passing();
        // Met: every 2.x has a summary (possibly empty), never evaluate's text.
        let e = evaluate(&c);
        let w = Words::new(&c, &e);
        for r in e
            .indicators
            .iter()
            .filter(|r| r.id.as_str().starts_with("2."))
        {
            assert_eq!(r.met, Some(true), "{}", r.id);
            assert!(summary(&w, r).is_some(), "{}", r.id);
        }
        // Unmet in every way the fixtures allow.
        for (_, item) in FLAG_ITEMS {
            no(&mut c, item);
        }
        c.schools[0].students = stage(Some(2001), None);
        c.schools[0].max_class_size = stage(Some(46), None);
        c.schools[0].music_rooms = Some(0);
        n(&mut c, "特殊教育学校生均公用经费", 5000.0);
        n(&mut c, "教师平均工资收入", 100_000.0);
        n(&mut c, "五年360学时已完成教师数", 499.0);
        n(&mut c, "交流轮岗骨干教师数", 1.0);
        n(&mut c, "持证专任教师数", 1999.0);
        n(&mut c, "小学就近划片入学比例", 0.9);
        n(&mut c, "优质高中名额分配比例", 0.4);
        n(&mut c, "随迁子女公办学校就读数", 100.0);
        let e = evaluate(&c);
        let w = Words::new(&c, &e);
        for r in e
            .indicators
            .iter()
            .filter(|r| r.id.as_str().starts_with("2."))
        {
            assert_eq!(r.met, Some(false), "{}", r.id);
            for f in &r.findings {
                let line = finding(&w, r, f).unwrap_or_else(|| panic!("{}: {f:?}", r.id));
                assert!(
                    !line.is_empty() && !line.contains("未达到标准（"),
                    "{}: {line}",
                    r.id
                );
            }
        }
        c.schools[0].size_approved = Some(true);
        let e = evaluate(&c);
        let w = Words::new(&c, &e);
        let r = e.indicator(IndicatorId::I2_4).unwrap();
        assert!(exception(&w, r, &r.exceptions[0]).is_some());
    }

    #[test]
    fn each_yes_no_item_has_its_own_sentence() {
        let mut seen = Vec::new();
        for (_, item) in FLAG_ITEMS {
            let line = super::flag_line(item);
            assert!(!line.contains("「县级指标」"), "{item}: {line}");
            assert!(!seen.contains(&line), "{item}: {line}");
            seen.push(line);
        }
        let mut c = passing();
        no(&mut c, "编制岗位统筹分配");
        assert_eq!(
            detail(&c, IndicatorId::I2_10),
            "县级教育行政部门未在核定的编制总额和岗位总量内统筹分配各校编制和岗位"
        );
        // Two items of 2.2 answered 否: two sentences.
        no(&mut c, "建设标准统一");
        no(&mut c, "基本装备配置标准统一");
        assert_eq!(
            detail(&c, IndicatorId::I2_2),
            "城乡学校建设标准未统一；城乡基本装备配置标准未统一"
        );
        // A met yes/no indicator has nothing to say beyond 达标.
        set(&mut c, "规划布局合理", ItemValue::NotApplicable);
        assert_eq!(
            lines(&c, IndicatorId::I2_1),
            (Some(true), String::new(), vec![], vec![])
        );
    }

    #[test]
    fn failing_shares_stay_below_their_standard_with_fixed_decimals() {
        let mut c = passing();
        // 1999 of 2000 certified is 99.95%: not 100%, and two decimals.
        n(&mut c, "持证专任教师数", 1999.0);
        assert_eq!(
            detail(&c, IndicatorId::I2_12),
            "专任教师持证上岗率99.95%（1999/2000），未达到100%"
        );
        // 99999 of 100000 would round to 100.00%: it prints 99.99%.
        n(&mut c, "专任教师数", 100_000.0);
        n(&mut c, "持证专任教师数", 99_999.0);
        assert_eq!(
            detail(&c, IndicatorId::I2_12),
            "专任教师持证上岗率99.99%（99999/100000），未达到100%"
        );
        // 80 of 1000 exchanged: 8.00%, against the 10% the 办法 writes.
        n(&mut c, "交流轮岗教师数", 80.0);
        n(&mut c, "交流轮岗骨干教师数", 20.0);
        let (met, _, findings, _) = lines(&c, IndicatorId::I2_11);
        assert_eq!(met, Some(false));
        assert_eq!(findings, ["交流轮岗教师比例8.00%（80/1000），低于10%"]);
        // 2.13 names its stage; 0.94996 is not 95.00%.
        n(&mut c, "初中就近划片入学比例", 0.949_96);
        assert_eq!(
            detail(&c, IndicatorId::I2_13),
            "初中就近划片入学比例94.99%，未达到95%"
        );
        // 2.15 was printed with plain rounding: 849.96‰ would have read 85%.
        n(&mut c, "符合条件随迁子女数", 100_000.0);
        n(&mut c, "随迁子女公办学校就读数", 79_999.0);
        n(&mut c, "随迁子女购买服务民办学校就读数", 5_000.0);
        assert_eq!(
            detail(&c, IndicatorId::I2_15),
            "随迁子女在公办学校和政府购买服务的民办学校就读比例84.99%（84999/100000），低于85%"
        );
    }

    #[test]
    fn money_prints_whole_and_areas_keep_their_decimals() {
        let mut c = passing();
        n(&mut c, "特殊教育学校生均公用经费", 5999.996);
        assert_eq!(
            detail(&c, IndicatorId::I2_7),
            "特殊教育学校生均公用经费5999元，低于6000元"
        );
        n(&mut c, "特殊教育学校生均公用经费", 7000.0);
        assert_eq!(
            detail(&c, IndicatorId::I2_7),
            "特殊教育学校生均公用经费7000元"
        );
        set(&mut c, "特殊教育学校生均公用经费", ItemValue::NotApplicable);
        n(&mut c, "适龄残疾儿童少年数", 0.0);
        n(&mut c, "残疾儿童少年入学数", 0.0);
        assert_eq!(detail(&c, IndicatorId::I2_7), "不涉及");
        n(&mut c, "教师平均工资收入", 109_999.5);
        assert_eq!(
            detail(&c, IndicatorId::I2_8),
            "教师平均工资收入109999元，低于当地公务员平均工资收入110000元"
        );
        // A 2020 school's 95.9 m² music room, against 96 m².
        let mut c = passing();
        c.schools[0].built_year = Some(2020);
        c.schools[0].music_room_min_area = Some(95.9);
        let (met, _, findings, _) = lines(&c, IndicatorId::I2_3);
        assert_eq!(met, Some(false));
        assert_eq!(
            findings,
            ["第一小学（2020年建设）音乐专用教室最小面积95.90平方米，小于96平方米"]
        );
    }

    #[test]
    fn met_summaries_name_their_figures() {
        let mut c = passing();
        n(&mut c, "初中就近划片入学比例", 0.982);
        set(&mut c, "小学就近划片入学比例", ItemValue::NotApplicable);
        assert_eq!(
            detail(&c, IndicatorId::I2_13),
            "就近划片入学比例（全县）：小学不涉及，初中98.20%"
        );
        n(&mut c, "交流轮岗教师数", 100.0);
        n(&mut c, "交流轮岗骨干教师数", 25.0);
        assert_eq!(
            detail(&c, IndicatorId::I2_11),
            "交流轮岗教师比例10.00%，其中骨干教师比例25.00%"
        );
        set(&mut c, "符合条件随迁子女数", ItemValue::NotApplicable);
        assert_eq!(detail(&c, IndicatorId::I2_15), "县域内无符合条件的随迁子女");
    }

    #[test]
    fn school_findings_name_the_school() {
        let mut c = passing();
        c.schools[0].students = stage(Some(2001), None);
        assert_eq!(
            detail(&c, IndicatorId::I2_4),
            "第一小学（小学）义务教育阶段在校生2001人，超过2000人"
        );
        c.schools[0].size_approved = Some(true);
        let (met, _, _, exceptions) = lines(&c, IndicatorId::I2_4);
        assert_eq!(met, Some(true));
        assert_eq!(
            exceptions,
            ["第一小学义务教育阶段在校生2001人，超过2000人，但未超过县级以上人民政府批复规模"]
        );
        // The 学校 sheet's largest class of 56 is itself the super-large class.
        let mut c = passing();
        c.schools[2].max_class_size = stage(None, Some(56));
        let (_, _, findings, _) = lines(&c, IndicatorId::I2_5);
        let name = &c.schools[2].name;
        assert_eq!(
            findings,
            [format!(
                "{name}最大班额56人，超过初中50人的标准，属56人以上大班额"
            )]
        );
    }
}
