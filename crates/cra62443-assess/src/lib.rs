//! The main job of cra62443: assess a product against the CRA through EN IEC 62443.
//!
//! Data flows one way: the product file and the assessment file (verdicts, evidence) are read
//! against the catalogue, the crosswalk, the resolved profile and the evaluation data; the result
//! is the CRA classification, a Statement of Applicability, the evaluation plan, the achieved SL
//! per FR, 62443-4-1 maturity per practice, the CRA Annex I coverage, the Article 13(3)
//! checklist, readiness for the conformity route and the open actions.

#![forbid(unsafe_code)]

mod assess;
mod classify;
mod evaluation;
mod product;
mod record;

pub use assess::{
    Action, Art13Item, AssessError, AssessmentResult, CraItem, CraVia, FrResult, Inputs, PlanItem,
    PracticeResult, Readiness, SoaEntry, Summary, VerdictEntry, assess,
};
pub use classify::{Classification, DateItem, Route, SupportCheck, classify};
pub use evaluation::{Activity, Criterion, EVALUATION_SCHEMA, Evaluation};
pub use product::{
    Applied, Identification, Manufacturer, Override, PRODUCT_SCHEMA, Product, Standard,
    SupportPeriod, load_product, parse_product,
};
pub use record::{
    ASSESSMENT_SCHEMA, AssessmentFile, EvidenceRef, EvidenceState, MetBy, Record, Verdict,
    assessment_path, sha256_file,
};
