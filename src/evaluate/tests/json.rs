use super::fixtures::*;
use crate::evaluate::{INDICATORS, evaluate};
use crate::model::*;
use serde_json::Value;

/// The results JSON (`eval --json`) of a county.
fn results(c: &County) -> Value {
    let e = evaluate(c);
    serde_json::to_value(crate::documents::wording::ResultsJson::new(c, &e)).unwrap()
}

#[test]
fn json_shape_matches_design() {
    let mut c = passing();
    let mut s = blank("九年一贯制学校", SchoolKind::NineYear, 9);
    s.students = stage(Some(166), Some(210));
    s.equipment_value = Some(23_226.0);
    c.schools.push(s);
    no(&mut c, "编制岗位统筹分配");
    let v: Value = results(&c);
    let obj = v.as_object().unwrap();
    for key in [
        "county",
        "schools",
        "cv",
        "indicators",
        "social_recognition",
        "veto",
        "verdict",
    ] {
        assert!(obj.contains_key(key), "missing {key}");
    }
    assert_eq!(v["county"], "示例区");

    // Schools and parts.
    let school = &v["schools"][0];
    assert_eq!(school["name"], "第一小学");
    assert_eq!(school["type"], "小学");
    let part = &school["parts"][0];
    let keys: Vec<&str> = part
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "level",
        "students",
        "values",
        "met",
        "met_count",
        "min_ratio",
        "compliant",
        "exceptions",
    ] {
        assert!(keys.contains(&key), "part missing {key}");
    }
    assert_eq!(part["level"], "primary");
    assert_eq!(part["students"], 1000);
    assert_eq!(part["values"]["1.1"], 5.0);
    assert_eq!(part["values"]["1.6"], 3000.0);
    assert_eq!(part["met"]["1.7"], true);
    assert_eq!(part["met_count"], 7);
    assert_eq!(part["compliant"], true);
    assert!(part["exceptions"].as_array().unwrap().is_empty());
    assert_eq!(part["values"].as_object().unwrap().len(), 7);
    // Min ratio: 1.1 5.0/4.2 = 1.190, 1.2 2.0, 1.3 1.5/0.9 = 1.667, 1.4 6/4.5 = 1.333,
    // 1.5 9/7.5 = 1.2, 1.6 1.5, 1.7 3/2.3 = 1.304 → smallest is 1.1's 5/4.2.
    assert!(close(part["min_ratio"].as_f64().unwrap(), 5.0 / 4.2, 1e-12));
    let nine = &v["schools"][4];
    assert_eq!(nine["type"], "九年一贯制");
    assert_eq!(nine["parts"][1]["level"], "junior");
    // Blank teachers: null, never 0.
    assert!(nine["parts"][0]["values"]["1.1"].is_null());
    assert!(nine["parts"][0]["met"]["1.1"].is_null());

    // cv.
    assert_eq!(v["cv"]["primary"].as_object().unwrap().len(), 7);
    assert_eq!(v["cv"]["junior"].as_object().unwrap().len(), 7);
    // The 九年一贯制 school has blank teachers: its CV is not computed (null), the
    // physical-resource CVs are.
    assert!(v["cv"]["primary"]["1.2"].is_null());
    assert!(v["cv"]["junior"]["1.6"].as_f64().unwrap() > 0.0);
    let clean: Value = results(&passing());
    assert_eq!(clean["cv"]["primary"]["1.2"], 0.0);
    assert_eq!(clean["verdict"]["passed"], true);
    assert_eq!(
        clean["cv_detail"]["primary"]["indicators"]["1.2"]["schools"],
        2
    );
    // Indicators: all 33, each with met; unmet with detail.
    let inds = v["indicators"].as_object().unwrap();
    assert_eq!(inds.len(), 33);
    for i in INDICATORS {
        let r = &inds[i.id.as_str()];
        assert!(r.as_object().unwrap().contains_key("met"), "{}", i.id);
    }
    assert_eq!(inds["2.10"]["met"], false);
    assert!(inds["2.10"]["detail"].as_str().unwrap().contains("统筹"));
    assert!(inds["1.1"]["met"].is_null());
    assert!(inds["2.5"]["value"].is_number());
    assert_eq!(v["social_recognition"], 0.89);
    assert!(v["veto"].as_array().unwrap().is_empty());
    assert_eq!(v["verdict"]["passed"], false);
    // The 九年一贯制 school's equipment (58.5 元 per pupil) fails 1.6 too.
    assert_eq!(v["verdict"]["unmet"], serde_json::json!(["1.6", "2.10"]));
    // Order of ids follows the catalogue (1.1 … 4.2).
    let e = evaluate(&c);
    let ids: Vec<&str> = e.indicators.iter().map(|i| i.id.as_str()).collect();
    let want: Vec<&str> = INDICATORS.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, want);
}
