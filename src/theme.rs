//! The theme: tera templates and static files.
//!
//! The default theme is built into the binary, so any site folder builds without copying it.
//! A site overrides a single template or static file by placing a file of the same name under
//! `themes/<theme>/templates/` or `themes/<theme>/static/` in its own folder.

use crate::diag::{Diagnostics, Msg, Pos};
use std::path::Path;

/// The built-in default theme, embedded from `themes/default/`.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "home.html",
        include_str!("../themes/default/templates/home.html"),
    ),
    (
        "town.html",
        include_str!("../themes/default/templates/town.html"),
    ),
    (
        "village.html",
        include_str!("../themes/default/templates/village.html"),
    ),
    (
        "document.html",
        include_str!("../themes/default/templates/document.html"),
    ),
    (
        "doc_list.html",
        include_str!("../themes/default/templates/doc_list.html"),
    ),
    (
        "finance.statement.html",
        include_str!("../themes/default/templates/finance.statement.html"),
    ),
    (
        "finance.notice.html",
        include_str!("../themes/default/templates/finance.notice.html"),
    ),
    (
        "affairs.notice.html",
        include_str!("../themes/default/templates/affairs.notice.html"),
    ),
    (
        "affairs.decision.html",
        include_str!("../themes/default/templates/affairs.decision.html"),
    ),
    (
        "affairs.beneficiaries.html",
        include_str!("../themes/default/templates/affairs.beneficiaries.html"),
    ),
    (
        "party.notice.html",
        include_str!("../themes/default/templates/party.notice.html"),
    ),
    (
        "party.development.html",
        include_str!("../themes/default/templates/party.development.html"),
    ),
    (
        "party.dues.html",
        include_str!("../themes/default/templates/party.dues.html"),
    ),
    (
        "page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "revision.html",
        include_str!("../themes/default/templates/revision.html"),
    ),
    (
        "changes.html",
        include_str!("../themes/default/templates/changes.html"),
    ),
    (
        "search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
    (
        "feed.xml",
        include_str!("../themes/default/templates/feed.xml"),
    ),
    (
        "changes.xml",
        include_str!("../themes/default/templates/changes.xml"),
    ),
    (
        "enforcement.html",
        include_str!("../themes/default/templates/enforcement.html"),
    ),
    (
        "enforcement.item.html",
        include_str!("../themes/default/templates/enforcement.item.html"),
    ),
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "sitemap.xml",
        include_str!("../themes/default/templates/sitemap.xml"),
    ),
];

const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../themes/default/static/style.css"),
    ),
    (
        "enforcement.js",
        include_bytes!("../themes/default/static/enforcement.js"),
    ),
    (
        "search.js",
        include_bytes!("../themes/default/static/search.js"),
    ),
];

/// A fingerprint of the built-in theme, which is part of the program.
pub fn built_in_fingerprint() -> u64 {
    let mut bytes = Vec::new();
    for (name, source) in DEFAULT_TEMPLATES {
        bytes.extend_from_slice(name.as_bytes());
        bytes.extend_from_slice(source.as_bytes());
    }
    for (name, data) in DEFAULT_STATIC {
        bytes.extend_from_slice(name.as_bytes());
        bytes.extend_from_slice(data);
    }
    crate::load::content_hash(&bytes)
}

/// How the origin of a built-in template starts.
const BUILT_IN: &str = "(内置默认主题) ";

pub struct Theme {
    /// (name, source, where it came from for messages)
    pub templates: Vec<Template>,
    /// Files copied to `static/` in the output.
    pub assets: Vec<(String, Vec<u8>)>,
}

pub struct Template {
    pub name: String,
    pub source: String,
    pub origin: String,
}

/// The default theme with the site's overrides from `root/themes/<name>/`.
pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Theme {
    let mut theme = Theme {
        templates: DEFAULT_TEMPLATES
            .iter()
            .map(|(n, s)| Template {
                name: n.to_string(),
                source: s.to_string(),
                origin: format!("{BUILT_IN}{n}"),
            })
            .collect(),
        assets: DEFAULT_STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect(),
    };
    let dir = root.join("themes").join(name);
    if !dir.is_dir() {
        if name != "default" {
            diags.error(
                "E0112",
                "content/site.yaml",
                Pos::file(),
                Msg::new(
                    format!("找不到主题文件夹 themes/{name}/"),
                    format!("no theme folder themes/{name}/"),
                ),
                Msg::new(
                    "把 site.yaml 的 theme 改为 default，或创建这个主题文件夹",
                    "set theme: default in site.yaml, or create the theme folder",
                ),
            );
        }
        return theme;
    }
    for (sub, is_template) in [("templates", true), ("static", false)] {
        let base = dir.join(sub);
        if !base.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&base)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file()
                || crate::load::is_ignored_name(&entry.file_name().to_string_lossy())
            {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let shown = format!("themes/{name}/{sub}/{rel}");
            if is_template {
                let Some(source) = crate::source::read_text(entry.path(), &shown, diags) else {
                    continue;
                };
                theme.templates.retain(|t| t.name != rel);
                theme.templates.push(Template {
                    name: rel,
                    source,
                    origin: shown,
                });
            } else {
                match std::fs::read(entry.path()) {
                    Ok(bytes) => {
                        theme.assets.retain(|(n, _)| *n != rel);
                        theme.assets.push((rel, bytes));
                    }
                    Err(e) => diags.error(
                        "E0107",
                        &shown,
                        Pos::file(),
                        Msg::new(
                            format!("无法读取：{}", crate::source::io_reason_zh(&e)),
                            format!("cannot read: {e}"),
                        ),
                        Msg::new("检查文件权限", "check the file permissions"),
                    ),
                }
            }
        }
    }
    theme
}

/// Parses every template of the theme into one tera instance; a template that does not parse
/// is an E0601 at its file, so `check` finds it before a build does.
pub fn compile(theme: &Theme, diags: &mut Diagnostics) -> Option<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    // All at once: templates include and extend each other, which tera resolves per batch.
    if let Err(e) = tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.source.as_str())),
    ) {
        let text = e.to_string();
        let named = theme
            .templates
            .iter()
            .find(|t| text.contains(&format!("{}:", t.name)));
        // A built-in template only fails because of a custom one it extends or includes.
        let custom: Vec<&str> = theme
            .templates
            .iter()
            .filter(|t| !t.origin.starts_with(BUILT_IN))
            .map(|t| t.origin.as_str())
            .collect();
        let origin = match named {
            Some(t) if !t.origin.starts_with(BUILT_IN) => t.origin.as_str(),
            _ => custom.first().copied().unwrap_or("themes/"),
        };
        template_error(origin, &e, &custom, diags);
        return None;
    }
    Some(tera)
}

/// E0601 for a template that failed; `custom` names the theme's own templates, the likely cause.
pub fn template_error(origin: &str, e: &tera::Error, custom: &[&str], diags: &mut Diagnostics) {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!("; {s}"));
        source = s.source();
    }
    let (hint_zh, hint_en) = if custom.len() > 1 {
        (
            format!(
                "检查你改过的模板（{}）的语法；删除一个模板文件就会改用内置的默认模板",
                custom.join("、")
            ),
            format!(
                "check the templates you changed ({}); deleting one brings back the built-in default",
                custom.join(", ")
            ),
        )
    } else {
        (
            "检查这个模板文件的语法（{{ }} 和 {% %} 是否配对），或删除它以使用内置的默认模板"
                .to_string(),
            "fix the template, or delete it to use the built-in default".to_string(),
        )
    };
    diags.error(
        "E0601",
        origin,
        Pos::file(),
        Msg::new(
            format!("模板有语法错误，网站无法生成。模板引擎的说明：{text}"),
            format!("template error: {text}"),
        ),
        Msg::new(hint_zh, hint_en),
    );
}

#[cfg(test)]
mod tests {
    /// Every template and static file of `themes/default/` is built into the binary, so a site
    /// without a themes folder renders exactly like the sample county.
    #[test]
    fn every_default_theme_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for (sub, names) in [
            (
                "templates",
                super::DEFAULT_TEMPLATES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>(),
            ),
            (
                "static",
                super::DEFAULT_STATIC.iter().map(|(n, _)| *n).collect(),
            ),
        ] {
            for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                assert!(
                    names.contains(&name.as_str()),
                    "themes/default/{sub}/{name} is not embedded in theme.rs"
                );
            }
        }
    }
}
