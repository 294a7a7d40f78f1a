//! sanwu turns a county's repository of 阳光三务 disclosures into a static public site.
//!
//! The build is a pipeline, one module per stage:
//!
//! ```text
//! content/ --load--> typed model --check--> validated site --history (git)--> enriched
//!          --render--> pages --index--> search index --output--> public/
//! ```
//!
//! - [`load`] walks `content/` and reads every file into the [`model`] (via [`yaml`] and [`fields`]);
//! - [`check`] applies the finance and decision rules across the model;
//! - [`history`] reads each document's revisions from git;
//! - [`render`] turns the model into pages with the [`theme`]'s tera templates;
//! - [`search`] indexes the pages for the site's search, for the theme's `search.js`;
//! - [`output`] writes the pages into a fresh folder as they are rendered, and swaps it in
//!   atomically when the build is done.
//!
//! Every stage reports problems into [`diag::Diagnostics`] instead of stopping. [`build`] runs
//! the stages, once or as a preview session that renders again only what changed.
//!
//! Beside the pipeline, the tools for clerks: [`scaffold`] (`sanwu new`), [`schema`] (editor
//! schemas, and the field lists the loader checks against), [`explain`] (the error index),
//! [`mask`] (personal numbers).

pub mod build;
pub mod check;
pub mod date;
pub mod diag;
pub mod diff;
pub mod explain;
pub mod fields;
pub mod guard;
pub mod history;
pub mod load;
pub mod markdown;
pub mod mask;
pub mod model;
pub mod money;
pub mod output;
pub mod pii;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod source;
pub mod theme;
pub mod yaml;
