//! The QR code on every printed document: the page's permanent URL, as an inline SVG made at
//! build time, so a villager reading the notice board can open the page and its history.

use qrcode::QrCode;
use qrcode::render::svg;

pub fn svg_for(url: &str) -> String {
    match QrCode::new(url.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color>()
            .min_dimensions(120, 120)
            .quiet_zone(true)
            .dark_color(svg::Color("#000"))
            .light_color(svg::Color("#fff"))
            .build()
            // The crate writes an XML declaration; inline SVG in HTML must not have one.
            .split_once("?>")
            .map(|(_, svg)| svg.trim().to_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_inline_svg() {
        let s = super::svg_for(
            "https://sanwu.example.org/towns/zibai/qingquan/finance/2025-03-statement/",
        );
        assert!(s.starts_with("<svg"), "{s}");
        assert!(s.contains("<path") || s.contains("<rect"));
    }
}
