//! The QR code on every printed document: the page's permanent URL, as an inline SVG made at
//! build time, so a villager reading the notice board can open the page and its history.
//!
//! The `qrcode` crate encodes the data and draws the symbol; choosing its mask and drawing the
//! SVG are done here. The crate scores the eight masks of each code with general-purpose
//! closures, which made QR codes a tenth of a large build; the standard's four penalty rules
//! (ISO/IEC 18004:2015, 7.8.3) are a few passes over a bit grid, so the same choice costs far
//! less. Its SVG also drew each dark module as its own path segment: here each run of a row
//! is one, which makes the code a third of the size on a reader's phone.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::types::{Color, EcLevel};

/// Error correction level M (15% of the symbol can be damaged): what `QrCode::new` uses, and
/// enough for a printed page pinned on a notice board.
const EC_LEVEL: EcLevel = EcLevel::M;

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// Light modules around the symbol, as the standard requires.
const QUIET_ZONE: usize = 4;

pub fn svg_for(url: &str) -> String {
    match symbol(url.as_bytes()) {
        Some(symbol) => svg(&symbol),
        None => String::new(),
    }
}

/// A QR symbol: `width` × `width` modules, row by row, `true` for dark.
struct Symbol {
    width: usize,
    dark: Vec<bool>,
}

/// Encodes `data` and applies the mask with the lowest penalty.
fn symbol(data: &[u8]) -> Option<Symbol> {
    let bits = qrcode::bits::encode_auto(data, EC_LEVEL).ok()?;
    let version = bits.version();
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EC_LEVEL).ok()?;
    let mut canvas = Canvas::new(version, EC_LEVEL);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = usize::try_from(version.width()).ok()?;
    MASKS
        .iter()
        .map(|&mask| masked(&canvas, mask, width))
        .min_by_key(penalty)
}

fn masked(canvas: &Canvas, mask: MaskPattern, width: usize) -> Symbol {
    let mut c = canvas.clone();
    c.apply_mask(mask);
    Symbol {
        width,
        dark: c
            .into_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect(),
    }
}

/// The standard's penalty score: lower scans more reliably.
fn penalty(s: &Symbol) -> u32 {
    let w = s.width;
    let dark = &s.dark;
    let mut score = 0;
    for i in 0..w {
        score += line_penalty(w, |j| dark[i * w + j]) + line_penalty(w, |j| dark[j * w + i]);
    }
    // N2: each 2×2 block of one colour.
    for y in 0..w - 1 {
        for x in 0..w - 1 {
            let c = dark[y * w + x];
            if dark[y * w + x + 1] == c
                && dark[(y + 1) * w + x] == c
                && dark[(y + 1) * w + x + 1] == c
            {
                score += 3;
            }
        }
    }
    // N4: 10 points for each full 5% the dark share is away from half.
    let dark = dark.iter().filter(|&&d| d).count();
    let percent = (dark * 100 / s.dark.len()) as i64;
    score + 10 * ((percent - 50).unsigned_abs() / 5) as u32
}

/// N1 and N3 along one row or column (`module(j)`, `j < len`):
/// - a run of five or more modules of one colour scores 3, plus 1 for each module beyond five;
/// - a 1:1:3:1:1 dark-light pattern (what a finder looks like) with four light modules on
///   either side scores 40; outside the symbol is light.
fn line_penalty(len: usize, module: impl Fn(usize) -> bool) -> u32 {
    // The last 11 modules, newest in the lowest bit; the four light modules before the line
    // and after it are shifted in as zeros.
    const LIGHT_THEN_FINDER: u16 = 0b000_0101_1101;
    const FINDER_THEN_LIGHT: u16 = 0b101_1101_0000;
    let mut window: u16 = 0;
    let mut score = 0;
    let mut run = 0;
    let mut previous = None;
    for j in 0..len + 4 {
        let dark = j < len && module(j);
        window = ((window << 1) | u16::from(dark)) & 0x7ff;
        // A window ending past the line's end holds modules before it, so no pattern is
        // counted twice: light-then-finder needs j >= 10 - 4 (its light part may be the
        // margin), finder-then-light needs the finder inside the line (j >= 10).
        if j >= 6 && window == LIGHT_THEN_FINDER && j < len {
            score += 40;
        }
        if j >= 10 && window == FINDER_THEN_LIGHT {
            score += 40;
        }
        if j < len {
            if previous == Some(dark) {
                run += 1;
            } else {
                if run >= 5 {
                    score += 3 + (run - 5);
                }
                run = 1;
            }
            previous = Some(dark);
        }
    }
    if run >= 5 {
        score += 3 + (run - 5);
    }
    score
}

/// The symbol as an inline SVG (no XML declaration, which inline SVG in HTML must not have):
/// a white square and one path with a segment per run of dark modules.
fn svg(s: &Symbol) -> String {
    use std::fmt::Write;
    let size = s.width + 2 * QUIET_ZONE;
    // At least 120 pixels wide on screen; print sizes it in millimetres.
    let px = size * 120_usize.div_ceil(size);
    let mut d = String::with_capacity(s.width * s.width);
    for y in 0..s.width {
        let row = &s.dark[y * s.width..(y + 1) * s.width];
        let mut x = 0;
        while x < s.width {
            if !row[x] {
                x += 1;
                continue;
            }
            let run = row[x..].iter().take_while(|&&dark| dark).count();
            let _ = write!(d, "M{} {}h{run}v1h-{run}z", x + QUIET_ZONE, y + QUIET_ZONE);
            x += run;
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{px}\" height=\"{px}\" \
         viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{d}\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://sanwu.example.org/towns/zibai/qingquan/finance/2025-03-statement/";

    /// The symbol drawn into a greyscale image, `scale` pixels a module, with its quiet zone.
    fn decode(s: &Symbol) -> String {
        let scale = 4;
        let size = (s.width + 2 * QUIET_ZONE) * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let inside = (QUIET_ZONE..QUIET_ZONE + s.width).contains(&mx)
                && (QUIET_ZONE..QUIET_ZONE + s.width).contains(&my);
            if inside && s.dark[(my - QUIET_ZONE) * s.width + mx - QUIET_ZONE] {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code found");
        grids[0].decode().expect("the code decodes").1
    }

    #[test]
    fn every_mask_decodes_to_the_url() {
        let bits = qrcode::bits::encode_auto(URL.as_bytes(), EC_LEVEL).unwrap();
        let version = bits.version();
        let (data, ec) =
            qrcode::ec::construct_codewords(&bits.into_bytes(), version, EC_LEVEL).unwrap();
        let mut canvas = Canvas::new(version, EC_LEVEL);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&data, &ec);
        let width = version.width() as usize;
        for mask in MASKS {
            assert_eq!(decode(&masked(&canvas, mask, width)), URL, "{mask:?}");
        }
        assert_eq!(decode(&symbol(URL.as_bytes()).unwrap()), URL);
    }

    #[test]
    fn the_chosen_mask_has_the_lowest_penalty() {
        let best = penalty(&symbol(URL.as_bytes()).unwrap());
        let bits = qrcode::bits::encode_auto(URL.as_bytes(), EC_LEVEL).unwrap();
        let version = bits.version();
        let (data, ec) =
            qrcode::ec::construct_codewords(&bits.into_bytes(), version, EC_LEVEL).unwrap();
        let mut canvas = Canvas::new(version, EC_LEVEL);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&data, &ec);
        let scores: Vec<u32> = MASKS
            .iter()
            .map(|&m| penalty(&masked(&canvas, m, version.width() as usize)))
            .collect();
        assert_eq!(Some(&best), scores.iter().min());
        assert!(scores.iter().any(|&s| s > best), "masks differ: {scores:?}");
    }

    #[test]
    fn penalty_rules() {
        let of = |line: &[bool]| line_penalty(line.len(), |j| line[j]);
        // N1: a run of 7 scores 3 + 2.
        assert_eq!(of(&[true; 7]), 5);
        assert_eq!(of(&[true, true, false, true]), 0);
        // N3: the finder pattern with light on one side (or both: once per side), at the
        // edge counting as light.
        let finder = [true, false, true, true, true, false, true];
        assert_eq!(of(&finder), 80);
        let mut walled = vec![true; 4];
        walled.extend(finder);
        walled.extend([true; 4]);
        // Dark on both sides: no N3, but the ends are runs of five (3 each).
        assert_eq!(of(&walled), 6);
        let mut left = vec![false; 4];
        left.extend(finder);
        left.extend([true; 4]);
        // Light before it: 40; the finder's last module and the four after it: a run of five.
        assert_eq!(of(&left), 43);
    }

    #[test]
    fn an_inline_svg() {
        let s = svg_for(URL);
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"), "{s}");
        assert!(s.contains("<path") && !s.contains("<?xml"));
    }
}
