//! What the numbers say: scores, cohort statistics, benchmarks with
//! their privacy rules, roadmaps and the published reports.

pub mod benchmark;
pub mod privacy;
pub mod report;
pub mod roadmap;
pub mod score;
pub mod stats;
