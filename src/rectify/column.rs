//! The 学校 columns a plan adds to, named as the workbook names them.

use super::costs::CostItem;
use crate::catalogue::{IndicatorId, RESOURCE_IDS};
use crate::model::{School, Stage};
use crate::workbook::schema::school;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Column {
    AboveDegree,
    Backbone,
    PeArt,
    TeachingArea,
    SportsArea,
    Equipment,
    MultimediaRoom,
    MusicRooms,
    ArtRooms,
    TrainingBudget,
    /// 专任教师数: not planned, but follows the teachers a plan hires or moves.
    FullTime,
}

impl Column {
    /// The seven of 1.1–1.7, in catalogue order.
    pub const RESOURCES: [Column; 7] = [
        Column::AboveDegree,
        Column::Backbone,
        Column::PeArt,
        Column::TeachingArea,
        Column::SportsArea,
        Column::Equipment,
        Column::MultimediaRoom,
    ];

    pub const ALL: [Column; 10] = [
        Column::AboveDegree,
        Column::Backbone,
        Column::PeArt,
        Column::TeachingArea,
        Column::SportsArea,
        Column::Equipment,
        Column::MultimediaRoom,
        Column::MusicRooms,
        Column::ArtRooms,
        Column::TrainingBudget,
    ];

    /// The resource indicator the column feeds (1.1–1.7).
    pub fn indicator(self) -> Option<IndicatorId> {
        Column::RESOURCES
            .iter()
            .position(|c| *c == self)
            .and_then(|k| RESOURCE_IDS.get(k).copied())
    }

    pub fn of_indicator(id: IndicatorId) -> Option<Column> {
        RESOURCE_IDS
            .iter()
            .position(|i| *i == id)
            .and_then(|k| Column::RESOURCES.get(k).copied())
    }

    /// Teachers are counted per stage; the rest belong to the whole school.
    pub fn per_stage(self) -> bool {
        matches!(
            self,
            Column::AboveDegree | Column::Backbone | Column::PeArt | Column::FullTime
        )
    }

    /// Whole units (people, rooms).
    pub fn whole(self) -> bool {
        !matches!(
            self,
            Column::TeachingArea | Column::SportsArea | Column::Equipment | Column::TrainingBudget
        )
    }

    /// The name of the 学校 column, without stage prefix or unit.
    pub fn name(self) -> &'static str {
        match self {
            Column::AboveDegree => school::TEACHERS_ABOVE_DEGREE.name(),
            Column::Backbone => school::BACKBONE_TEACHERS.name(),
            Column::PeArt => school::PE_ART_TEACHERS.name(),
            Column::TeachingArea => school::TEACHING_AREA.name(),
            Column::SportsArea => school::SPORTS_AREA.name(),
            Column::Equipment => school::EQUIPMENT_VALUE.name(),
            Column::MultimediaRoom => school::MULTIMEDIA_ROOMS.name(),
            Column::MusicRooms => school::MUSIC_ROOMS.name(),
            Column::ArtRooms => school::ART_ROOMS.name(),
            Column::TrainingBudget => school::TRAINING_BUDGET.name(),
            Column::FullTime => school::FULL_TIME_TEACHERS.name(),
        }
    }

    /// The column as DESIGN.md names it: `小学高于规定学历教师数` for teachers.
    pub fn header(self, stage: Option<Stage>) -> String {
        match (self.per_stage(), stage) {
            (true, Some(st)) => format!("{}{}", st.label(), self.name()),
            _ => self.name().to_string(),
        }
    }

    /// Every header the column has (one per stage for teachers).
    pub fn headers(self) -> Vec<String> {
        if self.per_stage() {
            Stage::BOTH
                .iter()
                .map(|st| self.header(Some(*st)))
                .collect()
        } else {
            vec![self.header(None)]
        }
    }

    /// The unit of `add`.
    pub fn unit(self) -> &'static str {
        match self {
            Column::AboveDegree | Column::Backbone | Column::PeArt | Column::FullTime => "人",
            Column::TeachingArea | Column::SportsArea => "平方米",
            Column::Equipment | Column::TrainingBudget => "元",
            Column::MultimediaRoom | Column::MusicRooms | Column::ArtRooms => "间",
        }
    }

    pub fn cost_item(self) -> CostItem {
        match self {
            Column::AboveDegree | Column::PeArt | Column::FullTime => CostItem::Teacher,
            Column::Backbone => CostItem::Backbone,
            Column::TeachingArea => CostItem::TeachingArea,
            Column::SportsArea => CostItem::SportsArea,
            Column::Equipment => CostItem::Equipment,
            Column::MultimediaRoom => CostItem::MultimediaRoom,
            Column::MusicRooms | Column::ArtRooms => CostItem::SpecialRoom,
            Column::TrainingBudget => CostItem::Training,
        }
    }

    /// The step amounts are rounded up to: whole people and rooms, areas to 0.1 m² and
    /// money to whole 元, as the documents print them.
    pub fn step(self) -> f64 {
        match self {
            Column::TeachingArea | Column::SportsArea => 0.1,
            _ => 1.0,
        }
    }

    /// How many units of the column one variable of the program stands for (keeps the
    /// program's numbers near 1: 万元 of equipment, 100 m² of area).
    pub(crate) fn scale(self) -> f64 {
        match self {
            Column::Equipment | Column::TrainingBudget => 10_000.0,
            Column::TeachingArea | Column::SportsArea => 100.0,
            _ => 1.0,
        }
    }

    /// The school's current figure (None when blank).
    pub fn current(self, s: &School, stage: Option<Stage>) -> Option<f64> {
        let st = stage.unwrap_or(Stage::Primary);
        match self {
            Column::AboveDegree => s.teachers_above_degree.get(st).map(f64::from),
            Column::Backbone => s.backbone_teachers.get(st).map(f64::from),
            Column::PeArt => s.pe_art_teachers.get(st).map(f64::from),
            Column::TeachingArea => s.teaching_area,
            Column::SportsArea => s.sports_area,
            Column::Equipment => s.equipment_value,
            Column::MultimediaRoom => s.multimedia_rooms.map(f64::from),
            Column::MusicRooms => s.music_rooms.map(f64::from),
            Column::ArtRooms => s.art_rooms.map(f64::from),
            Column::TrainingBudget => s.training_budget,
            Column::FullTime => s.full_time_teachers.get(st).map(f64::from),
        }
    }
}
