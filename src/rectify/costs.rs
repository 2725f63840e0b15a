//! Unit costs of the actions a plan may take: the 测算参数 sheet's prices over
//! documented defaults, and the kinds a county forbids.
//!
//! The defaults are round figures for a county in central China in 2025 (a new
//! teacher's personnel cost for one year, a m² of teaching building or of sports ground
//! built, a multimedia room fitted out); every document states them as assumptions and a
//! county replaces them in its workbook.

use super::column::Column;
use crate::model::CostParam;
use serde::Serialize;
use std::collections::BTreeMap;

/// One priced item of the 测算参数 sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum CostItem {
    /// 新增教师 (高于规定学历、体育艺术专任): 元 per person (one year).
    Teacher,
    /// 骨干教师培养认定: 元 per person.
    Backbone,
    TeachingArea,
    SportsArea,
    Equipment,
    MultimediaRoom,
    /// 音乐、美术专用教室 (2.3): 元 per room.
    SpecialRoom,
    /// 教师培训经费 (3.4): 元 per 元.
    Training,
    /// 教师交流: 元 per person moved.
    Transfer,
}

/// Name (项目), unit (单位), default price, and what it covers (说明).
pub const ITEMS: &[(CostItem, &str, &str, f64, &str)] = &[
    (
        CostItem::Teacher,
        "新增教师",
        "元/人",
        100_000.0,
        "新招聘一名专任教师一年的人员经费（高于规定学历教师、体育艺术专任教师）",
    ),
    (
        CostItem::Backbone,
        "骨干教师培养",
        "元/人",
        20_000.0,
        "培养认定一名县级以上骨干教师的培训费用",
    ),
    (
        CostItem::TeachingArea,
        "教学及辅助用房",
        "元/平方米",
        3_000.0,
        "新建、改扩建一平方米教学及辅助用房",
    ),
    (
        CostItem::SportsArea,
        "体育运动场馆",
        "元/平方米",
        400.0,
        "新建、改扩建一平方米体育运动场馆（含场地）",
    ),
    (
        CostItem::Equipment,
        "教学仪器设备",
        "元/元",
        1.0,
        "按设备值一比一计",
    ),
    (
        CostItem::MultimediaRoom,
        "网络多媒体教室",
        "元/间",
        50_000.0,
        "建成一间网络多媒体教室（设备与布线）",
    ),
    (
        CostItem::SpecialRoom,
        "音乐美术专用教室",
        "元/间",
        150_000.0,
        "改建并装备一间音乐或美术专用教室",
    ),
    (
        CostItem::Training,
        "教师培训经费",
        "元/元",
        1.0,
        "按经费一比一计",
    ),
    (
        CostItem::Transfer,
        "教师交流",
        "元/人",
        0.0,
        "一名教师交流轮岗到另一所学校的费用（默认不计）",
    ),
];

/// 年度预算上限 (元) and 测算截止年份: optional scheduling parameters of the same sheet.
pub const BUDGET_ITEM: &str = "年度预算上限";
pub const HORIZON_ITEM: &str = "测算截止年份";

/// Every 项目 the 测算参数 sheet accepts.
pub fn accepted_items() -> Vec<&'static str> {
    let mut names: Vec<&str> = ITEMS.iter().map(|i| i.1).collect();
    names.push(BUDGET_ITEM);
    names.push(HORIZON_ITEM);
    names
}

/// The prices in force for one county.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitCosts {
    prices: BTreeMap<CostItem, f64>,
    forbidden: Vec<CostItem>,
    /// 年度预算上限, 元 per year.
    pub budget: Option<f64>,
    /// 测算截止年份.
    pub horizon: Option<i32>,
}

impl Default for UnitCosts {
    fn default() -> Self {
        UnitCosts {
            prices: ITEMS.iter().map(|i| (i.0, i.3)).collect(),
            forbidden: Vec::new(),
            budget: None,
            horizon: None,
        }
    }
}

impl UnitCosts {
    /// The defaults overridden by the 测算参数 rows (already validated by the reader).
    pub fn from_params(params: &[CostParam]) -> Self {
        let mut costs = UnitCosts::default();
        for p in params {
            if p.item == BUDGET_ITEM {
                costs.budget = p.price.filter(|v| v.is_finite() && *v > 0.0);
                continue;
            }
            if p.item == HORIZON_ITEM {
                costs.horizon = p.price.filter(|v| v.is_finite()).map(|v| v as i32);
                continue;
            }
            let Some(item) = ITEMS.iter().find(|i| i.1 == p.item).map(|i| i.0) else {
                continue;
            };
            if p.forbidden {
                costs.forbidden.push(item);
            } else if let Some(v) = p.price.filter(|v| v.is_finite() && *v >= 0.0) {
                costs.prices.insert(item, v);
            }
        }
        costs
    }

    pub fn price(&self, item: CostItem) -> f64 {
        self.prices.get(&item).copied().unwrap_or(0.0)
    }

    pub fn set(&mut self, item: CostItem, price: f64) {
        self.prices.insert(item, price);
    }

    pub fn forbid(&mut self, item: CostItem) {
        self.forbidden.push(item);
    }

    pub fn forbidden(&self, item: CostItem) -> bool {
        self.forbidden.contains(&item)
    }

    /// 元 per unit added to a column (新增).
    pub fn column(&self, column: Column) -> f64 {
        self.price(column.cost_item())
    }

    pub fn transfer(&self) -> f64 {
        self.price(CostItem::Transfer)
    }

    /// The JSON's `unit_costs`: every column a plan may add to (teachers per stage), and
    /// 教师交流.
    pub fn by_column(&self) -> BTreeMap<String, f64> {
        let mut map = BTreeMap::new();
        for column in Column::ALL {
            for header in column.headers() {
                map.insert(header, self.column(column));
            }
        }
        map.insert("教师交流".to_string(), self.transfer());
        map
    }
}
