//! Reports of an assessment: a self-contained `report.html` (no external assets, an SVG chart of
//! SL-T vs SL-A per FR), `report.md`, and `result.json` (the documented result schema).
//!
//! The templates are data (`templates/*.j2`, minijinja, autoescaped HTML): users can replace them
//! with their own (`--templates DIR`) without rebuilding.

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

use cra62443_assess::AssessmentResult;
use minijinja::{Environment, Value, context};

/// The bundled HTML template.
pub const HTML_TEMPLATE: &str = include_str!("../templates/report.html.j2");
/// The bundled Markdown template.
pub const MD_TEMPLATE: &str = include_str!("../templates/report.md.j2");

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A template failed to render (names the template and line).
    #[error("template {name}: {message}")]
    Template {
        /// Template name.
        name: String,
        /// What went wrong.
        message: String,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
}

/// Which templates to use.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    /// HTML template text.
    pub html: Option<String>,
    /// Markdown template text.
    pub markdown: Option<String>,
}

impl Templates {
    /// Reads `report.html.j2` and `report.md.j2` from a directory when present.
    pub fn from_dir(dir: &Path) -> Result<Self, ReportError> {
        let read = |name: &str| -> Result<Option<String>, ReportError> {
            let p = dir.join(name);
            if p.exists() {
                std::fs::read_to_string(&p)
                    .map(Some)
                    .map_err(|e| ReportError::Io {
                        path: p.display().to_string(),
                        message: e.to_string(),
                    })
            } else {
                Ok(None)
            }
        };
        Ok(Self {
            html: read("report.html.j2")?,
            markdown: read("report.md.j2")?,
        })
    }
}

/// The SVG bar chart of SL-T vs SL-A per FR, deterministic, no external assets.
pub fn sl_chart(result: &AssessmentResult) -> String {
    let (w, h, left, bottom, top) = (560, 240, 40, 40, 16);
    let plot_h = h - bottom - top;
    let group = (w - left - 10) / 7;
    let bar = group / 3;
    let y = |level: u8| top + plot_h - plot_h * i32::from(level) / 4;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"SL-T and SL-A per foundational requirement\">"
    );
    for level in 0..=4u8 {
        let yy = y(level);
        svg.push_str(&format!(
            "<line x1=\"{left}\" y1=\"{yy}\" x2=\"{}\" y2=\"{yy}\" stroke=\"#ddd\"/>",
            w - 10
        ));
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">SL {level}</text>",
            left - 6,
            yy + 4
        ));
    }
    for (i, (t, a)) in result
        .sl_target
        .iter()
        .zip(result.sl_achieved.iter())
        .enumerate()
    {
        let x0 = left + group * i32::try_from(i).unwrap_or(0) + bar / 2;
        let (t, a) = (*t, *a);
        svg.push_str(&format!(
            "<rect class=\"target\" x=\"{x0}\" y=\"{}\" width=\"{bar}\" height=\"{}\" fill=\"#9bb7d4\"><title>FR {} target SL {t}</title></rect>",
            y(t),
            y(0) - y(t),
            i + 1
        ));
        let colour = if a >= t { "#3c8d40" } else { "#c0392b" };
        svg.push_str(&format!(
            "<rect class=\"achieved\" x=\"{}\" y=\"{}\" width=\"{bar}\" height=\"{}\" fill=\"{colour}\"><title>FR {} achieved SL {a}</title></rect>",
            x0 + bar,
            y(a),
            y(0) - y(a),
            i + 1
        ));
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">FR {}</text>",
            x0 + bar,
            h - bottom + 18,
            i + 1
        ));
    }
    svg.push_str(&format!(
        "<rect x=\"{left}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"#9bb7d4\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">target (SL-T)</text><rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"#3c8d40\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">achieved (SL-A; red when below target)</text></svg>",
        h - 12,
        left + 14,
        h - 3,
        left + 110,
        h - 12,
        left + 124,
        h - 3
    ));
    svg
}

fn environment<'a>(
    name: &'static str,
    template: &'a str,
    html: bool,
) -> Result<Environment<'a>, ReportError> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(move |_| {
        if html {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    env.add_template(name, template)
        .map_err(|e| ReportError::Template {
            name: name.into(),
            message: e.to_string(),
        })?;
    Ok(env)
}

/// The bundled templates, compiled once per process (a portfolio run renders thousands).
fn bundled(html: bool) -> Result<&'static Environment<'static>, ReportError> {
    static HTML: std::sync::OnceLock<Environment<'static>> = std::sync::OnceLock::new();
    static MD: std::sync::OnceLock<Environment<'static>> = std::sync::OnceLock::new();
    let (cell, name, text) = if html {
        (&HTML, "report.html.j2", HTML_TEMPLATE)
    } else {
        (&MD, "report.md.j2", MD_TEMPLATE)
    };
    if let Some(env) = cell.get() {
        return Ok(env);
    }
    let env = environment(name, text, html)?;
    Ok(cell.get_or_init(|| env))
}

fn render_with(
    env: &Environment<'_>,
    name: &str,
    result: &AssessmentResult,
    value: &Value,
) -> Result<String, ReportError> {
    let tmpl = env.get_template(name).map_err(|e| ReportError::Template {
        name: name.into(),
        message: e.to_string(),
    })?;
    let chart = Value::from_safe_string(sl_chart(result));
    tmpl.render(context! { r => value.clone(), chart => chart })
        .map_err(|e| ReportError::Template {
            name: name.into(),
            message: format!("{e:#}"),
        })
}

fn render_value(
    name: &'static str,
    custom: Option<&str>,
    result: &AssessmentResult,
    value: &Value,
    html: bool,
) -> Result<String, ReportError> {
    match custom {
        Some(text) => render_with(&environment(name, text, html)?, name, result, value),
        None => render_with(bundled(html)?, name, result, value),
    }
}

fn render(
    name: &'static str,
    custom: Option<&str>,
    result: &AssessmentResult,
    html: bool,
) -> Result<String, ReportError> {
    render_value(name, custom, result, &Value::from_serialize(result), html)
}

/// All three outputs (HTML, Markdown, JSON), converting the result for the templates once.
pub fn render_all(
    result: &AssessmentResult,
    templates: &Templates,
) -> Result<(String, String, String), ReportError> {
    let value = Value::from_serialize(result);
    let html = render_value(
        "report.html.j2",
        templates.html.as_deref(),
        result,
        &value,
        true,
    )?;
    let md = render_value(
        "report.md.j2",
        templates.markdown.as_deref(),
        result,
        &value,
        false,
    )?;
    Ok((html, md, json(result)))
}

/// The HTML report.
pub fn html(result: &AssessmentResult, templates: &Templates) -> Result<String, ReportError> {
    render("report.html.j2", templates.html.as_deref(), result, true)
}

/// The Markdown report.
pub fn markdown(result: &AssessmentResult, templates: &Templates) -> Result<String, ReportError> {
    render("report.md.j2", templates.markdown.as_deref(), result, false)
}

/// The result as pretty JSON.
pub fn json(result: &AssessmentResult) -> String {
    let mut s = serde_json::to_string_pretty(result).expect("the result serialises");
    s.push('\n');
    s
}

/// Renders all three outputs first, then writes them (each atomically), so that an error leaves
/// no half-written report. Returns the paths written.
pub fn write_reports(
    result: &AssessmentResult,
    dir: &Path,
    templates: &Templates,
) -> Result<Vec<PathBuf>, ReportError> {
    let (html, md, json) = render_all(result, templates)?;
    std::fs::create_dir_all(dir).map_err(|e| ReportError::Io {
        path: dir.display().to_string(),
        message: e.to_string(),
    })?;
    let mut written = Vec::new();
    for (name, body) in [
        ("report.html", html),
        ("report.md", md),
        ("result.json", json),
    ] {
        let path = dir.join(name);
        cra62443_fsutil::write_atomic(&path, body.as_bytes()).map_err(|e| ReportError::Io {
            path: path.display().to_string(),
            message: cra62443_fsutil::into_cause(e).to_string(),
        })?;
        written.push(path);
    }
    Ok(written)
}
