//! The QR code on every printed document: the page's permanent URL, as an inline SVG made at
//! build time, so a villager reading the notice board can open the page and its history.
//!
//! The `qrcode` crate encodes the data, computes the error correction and draws each version's
//! fixed patterns; placing the bits, choosing the mask and drawing the SVG are done here, on
//! rows of bits, from what the crate's canvas gives once per version. The crate draws every
//! code module by module and scores the eight masks with general-purpose closures, which made
//! QR codes a tenth of a large build; the standard's four penalty rules (ISO/IEC 18004:2015,
//! 7.8.3) are a few passes over a bit grid, so the same symbol costs far less (17 µs). Its SVG
//! also drew each dark module as its own path segment: here each run of a row is one, which
//! makes a statement page's code 5.2 KB instead of 12.3 KB on a reader's phone.

use qrcode::Version;
use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::types::{Color, EcLevel};
use std::collections::HashMap;
use std::ops::{BitAnd, BitOr, BitXor, Not, Shl, Shr};
use std::sync::{Arc, Mutex, OnceLock};

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
    let width = usize::try_from(version.width()).ok()?;
    if width > MAX_BITS_WIDTH {
        let (canvas, _, width) = drawn(data)?;
        return MASKS
            .iter()
            .map(|&mask| masked(&canvas, mask, width))
            .min_by_key(penalty);
    }
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EC_LEVEL).ok()?;
    if width <= u64::WIDEST {
        symbol_by_lines::<u64>(version, width, &data, &ec)
    } else {
        symbol_by_lines::<u128>(version, width, &data, &ec)
    }
}

/// The symbol of a version's `data` and `ec` codewords, masked and scored a line at a time.
fn symbol_by_lines<L: Line>(
    version: Version,
    width: usize,
    data: &[u8],
    ec: &[u8],
) -> Option<Symbol> {
    let layout = layout::<L>(version, width);
    // The data modules' colours before masking, a row a number: each codeword's bits, highest
    // first, in the places the version has for them. Modules left over stay light, as the
    // crate leaves them.
    let mut data_rows = vec![L::default(); width];
    let mut places = layout.places.iter();
    'words: for &word in data.iter().chain(ec) {
        for bit in (0..8).rev() {
            let Some(&(x, y)) = places.next() else {
                break 'words;
            };
            if word >> bit & 1 == 1 {
                let row = &mut data_rows[usize::from(y)];
                *row = *row | L::ONE << usize::from(x);
            }
        }
    }
    // Then each mask's symbol as rows, scored as rows: no copy of the canvas, no module by
    // module pass.
    let data_columns = transposed(&data_rows, width);
    let best = layout
        .masks
        .iter()
        .map(|layer| {
            let rows = layer.rows.apply(&data_rows);
            let score = penalty_of_lines(&rows, &layer.columns.apply(&data_columns), width);
            (score, rows)
        })
        // The first of equal scores, as the crate chooses.
        .min_by_key(|(score, _)| *score)
        .map(|(_, rows)| rows)?;
    Some(Symbol {
        width,
        dark: best
            .iter()
            .flat_map(|&row| (0..width).map(move |x| row >> x & L::ONE == L::ONE))
            .collect(),
    })
}

/// A row or column of a symbol as the bits of a number, bit x for module x: [`u64`] for
/// symbols up to [`Line::WIDEST`] modules wide (a page's address needs 33 to 45), where the
/// penalty rules cost half what they cost on a [`u128`].
trait Line:
    Copy
    + Eq
    + Default
    + Send
    + Sync
    + 'static
    + Not<Output = Self>
    + BitAnd<Output = Self>
    + BitOr<Output = Self>
    + BitXor<Output = Self>
    + Shl<usize, Output = Self>
    + Shr<usize, Output = Self>
{
    const ONE: Self;
    /// The widest line scored in this type: the finder rule looks 8 modules past a line's
    /// end (4 light ones after a finder that may end on the last module, as bits after the
    /// line's).
    const WIDEST: usize;
    fn ones(self) -> u32;
    /// The line without its lowest dark module, and that module's place.
    fn pop_lowest(self) -> (Self, usize);
    /// The layouts made so far, by width.
    fn layouts() -> &'static Mutex<HashMap<usize, Arc<Layout<Self>>>>;
    /// The lowest `n` bits (fewer than the type's).
    fn low(n: usize) -> Self;
}

macro_rules! line {
    ($t:ty) => {
        impl Line for $t {
            const ONE: Self = 1;
            const WIDEST: usize = <$t>::BITS as usize - 8;
            fn ones(self) -> u32 {
                self.count_ones()
            }
            fn low(n: usize) -> Self {
                (1 << n) - 1
            }
            fn pop_lowest(self) -> (Self, usize) {
                (self & self.wrapping_sub(1), self.trailing_zeros() as usize)
            }
            fn layouts() -> &'static Mutex<HashMap<usize, Arc<Layout<Self>>>> {
                static LAYOUTS: OnceLock<Mutex<HashMap<usize, Arc<Layout<$t>>>>> = OnceLock::new();
                LAYOUTS.get_or_init(Default::default)
            }
        }
    };
}
line!(u64);
line!(u128);

/// Symbols up to this width (version 26; a page's address needs version 4 to 7) are masked
/// and scored with a row of modules as the bits of a number (a [`Line`]).
const MAX_BITS_WIDTH: usize = u128::WIDEST;

/// What one mask does to every symbol of one version, as rows of bits and as columns of bits
/// (the penalty rules look along both; masking the columns of the data, transposed once, costs
/// less than transposing each masked symbol). Made once per version and mask from the `qrcode`
/// crate's own canvas, so it is exactly what the crate's masking gives.
struct MaskLayer<L> {
    rows: Lines<L>,
    columns: Lines<L>,
}

/// One mask's effect along one direction: the functional modules (finders, timing, alignment,
/// format and version information) and their colours under this mask, and the data modules
/// the mask inverts.
struct Lines<L> {
    functional: Vec<L>,
    colours: Vec<L>,
    flips: Vec<L>,
}

impl<L: Line> Lines<L> {
    /// The masked symbol of a version whose data modules are `data` (dark bits).
    fn apply(&self, data: &[L]) -> Vec<L> {
        data.iter()
            .zip(&self.functional)
            .zip(self.colours.iter().zip(&self.flips))
            .map(|((&d, &f), (&c, &flip))| c | ((d ^ flip) & !f))
            .collect()
    }
}

/// What every symbol of one version has in common, made once per version from the `qrcode`
/// crate's own canvas: the eight masks' layers, and the places of the data's bits in the order
/// they are filled. Drawing each code on the crate's canvas and reading it back module by
/// module was half the time of making a code.
struct Layout<L> {
    masks: Vec<MaskLayer<L>>,
    places: Vec<(u8, u8)>,
}

/// The [`Layout`] of `version` (`width` modules wide, at most [`MAX_BITS_WIDTH`]).
fn layout<L: Line>(version: Version, width: usize) -> Arc<Layout<L>> {
    // By width, which tells the versions apart.
    let layouts = L::layouts();
    if let Some(l) = layouts.lock().ok().and_then(|m| m.get(&width).cloned()) {
        return l;
    }
    let mut blank = Canvas::new(version, EC_LEVEL);
    blank.draw_all_functional_patterns();
    let rows = |canvas: &Canvas, f: &dyn Fn(Module) -> bool| -> Vec<L> {
        (0..width)
            .map(|y| {
                (0..width)
                    .filter(|&x| f(canvas.get(x as i16, y as i16)))
                    .fold(L::default(), |row, x| row | L::ONE << x)
            })
            .collect()
    };
    let functional = rows(&blank, &|m| m != Module::Empty);
    let masks: Vec<MaskLayer<L>> = MASKS
        .iter()
        .map(|&mask| {
            // Masking a canvas without data: the empty modules turn dark where the mask
            // inverts, the functional ones take their colours (the format bits name the mask).
            let mut c = blank.clone();
            c.apply_mask(mask);
            let dark = rows(&c, &|m| m.is_dark());
            let lines = |dark: &[L], functional: &[L]| Lines {
                colours: dark.iter().zip(functional).map(|(&d, &f)| d & f).collect(),
                flips: dark.iter().zip(functional).map(|(&d, &f)| d & !f).collect(),
                functional: functional.to_vec(),
            };
            MaskLayer {
                rows: lines(&dark, &functional),
                columns: lines(&transposed(&dark, width), &transposed(&functional, width)),
            }
        })
        .collect();
    let places = placement_order(version.width())
        .filter(|&(x, y)| blank.get(x, y) == Module::Empty)
        .filter_map(|(x, y)| Some((u8::try_from(x).ok()?, u8::try_from(y).ok()?)))
        .collect();
    let made = Arc::new(Layout { masks, places });
    if let Ok(mut m) = layouts.lock() {
        m.insert(width, made.clone());
    }
    made
}

/// The modules of a symbol `width` wide in the order the standard fills them with data
/// (ISO/IEC 18004:2015, 7.7.3), functional ones included: two columns at a time from the
/// right, upwards then downwards, the vertical timing pattern's column skipped. The `qrcode`
/// crate's own order (its `DataModuleIter`, which it does not export), for normal symbols.
fn placement_order(width: i16) -> impl Iterator<Item = (i16, i16)> {
    const TIMING_COLUMN: i16 = 6;
    let (mut x, mut y) = (width - 1, width - 1);
    std::iter::from_fn(move || {
        let column = if x <= TIMING_COLUMN { x + 1 } else { x };
        if column <= 0 {
            return None;
        }
        let here = (x, y);
        match (width - column) % 4 {
            2 if y > 0 => {
                y -= 1;
                x += 1;
            }
            0 if y < width - 1 => {
                y += 1;
                x += 1;
            }
            0 | 2 if x == TIMING_COLUMN + 1 => x -= 2,
            _ => x -= 1,
        }
        Some(here)
    })
}

/// The symbol of `data` before masking, its version and its width.
fn drawn(data: &[u8]) -> Option<(Canvas, Version, usize)> {
    let bits = qrcode::bits::encode_auto(data, EC_LEVEL).ok()?;
    let version = bits.version();
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EC_LEVEL).ok()?;
    let mut canvas = Canvas::new(version, EC_LEVEL);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    Some((canvas, version, usize::try_from(version.width()).ok()?))
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
    if s.width <= u64::WIDEST {
        penalty_by_bits::<u64>(s)
    } else if s.width <= MAX_BITS_WIDTH {
        penalty_by_bits::<u128>(s)
    } else {
        penalty_by_modules(s)
    }
}

/// [`penalty`] with each row and column as the bits of a number, a few operations for all its
/// modules at once: the eight masks of a page's code are scored in microseconds. Symbols up to
/// [`MAX_BITS_WIDTH`] modules wide.
fn penalty_by_bits<L: Line>(s: &Symbol) -> u32 {
    let w = s.width;
    let mut rows = vec![L::default(); w];
    for (i, _) in s.dark.iter().enumerate().filter(|(_, dark)| **dark) {
        rows[i / w] = rows[i / w] | L::ONE << (i % w);
    }
    penalty_of_rows(&rows, w)
}

/// The columns of a symbol given as rows: bit y of column x is bit x of row y.
fn transposed<L: Line>(rows: &[L], w: usize) -> Vec<L> {
    let mut columns = vec![L::default(); w];
    for (y, &row) in rows.iter().enumerate() {
        let mut dark = row;
        while dark != L::default() {
            let (rest, x) = dark.pop_lowest();
            columns[x] = columns[x] | L::ONE << y;
            dark = rest;
        }
    }
    columns
}

/// [`penalty_by_bits`] of a symbol given as rows (bit x of row y is module x, y).
fn penalty_of_rows<L: Line>(rows: &[L], w: usize) -> u32 {
    penalty_of_lines(rows, &transposed(rows, w), w)
}

/// [`penalty_by_bits`] of a symbol given as its rows and its columns.
fn penalty_of_lines<L: Line>(rows: &[L], columns: &[L], w: usize) -> u32 {
    let mut score: u32 = rows
        .iter()
        .chain(columns)
        .map(|&line| runs_by_bits(line, w) + finders_by_bits(line, w))
        .sum();
    // N2: a 2×2 block of one colour at x: columns x and x + 1 alike in both rows, and x like
    // x + 1 in the first.
    let starts = L::low(w - 1);
    for pair in rows.windows(2) {
        let same_vertically = !(pair[0] ^ pair[1]);
        let same_across = !(pair[0] ^ (pair[0] >> 1));
        let blocks = same_vertically & (same_vertically >> 1) & same_across & starts;
        score += 3 * blocks.ones();
    }
    let dark: u32 = rows.iter().map(|r| r.ones()).sum();
    score + balance_penalty(dark as usize, w * w)
}

/// N1 of one line of `w` modules (bit x is module x). A run of L ≥ 5 modules of one colour
/// scores L − 2: one for each of its L − 4 windows of five alike modules, and 2 more for the
/// window that starts it. So the score is two counts of bits, whatever the runs.
fn runs_by_bits<L: Line>(line: L, w: usize) -> u32 {
    // Bit x set where module x is like module x + 1 (x + 1 inside the line).
    let alike_next = !(line ^ (line >> 1)) & L::low(w - 1);
    // Bit x set where modules x to x + 4 are all alike.
    let five = alike_next & (alike_next >> 1) & (alike_next >> 2) & (alike_next >> 3);
    // Bit x set where a run starts: module x differs from module x - 1, or x is 0.
    let starts = (line ^ (line << 1)) | L::ONE;
    five.ones() + 2 * (five & starts).ones()
}

/// N3 of one line of `w` modules: the line with four light modules added at each end, and at
/// every start at once, the finder's 1:1:3:1:1 core with four light modules before it or
/// after it. The core is matched once for both patterns.
fn finders_by_bits<L: Line>(line: L, w: usize) -> u32 {
    let dark = line << 4;
    let light = !dark;
    // Bit k set where modules k to k + 3 of the padded line are light.
    let light4 = light & (light >> 1) & (light >> 2) & (light >> 3);
    // Bit k set where dark, light, dark, dark, dark, light, dark start at module k.
    let core =
        dark & (light >> 1) & (dark >> 2) & (dark >> 3) & (dark >> 4) & (light >> 5) & (dark >> 6);
    // Starts whose finder lies inside the line: 0..=w-7 for light-then-finder, 4..=w-3 for
    // finder-then-light (in the padded line's positions).
    let upto = |last: usize| L::low(last + 1);
    let light_then_finder = light4 & (core >> 4) & upto(w - 7);
    let finder_then_light = core & (light4 >> 7) & upto(w - 3) & !upto(3);
    40 * (light_then_finder.ones() + finder_then_light.ones())
}

/// N4: 10 points for each full 5% the dark share is away from half.
fn balance_penalty(dark: usize, modules: usize) -> u32 {
    let percent = (dark * 100 / modules) as i64;
    10 * ((percent - 50).unsigned_abs() / 5) as u32
}

/// [`penalty`] module by module, for symbols too wide for [`penalty_by_bits`]: the standard's
/// rules as written, which the tests hold the other against.
fn penalty_by_modules(s: &Symbol) -> u32 {
    let w = s.width;
    let rows = &s.dark;
    let mut columns = vec![false; w * w];
    for (i, &dark) in rows.iter().enumerate() {
        columns[(i % w) * w + i / w] = dark;
    }
    let mut score: u32 = rows
        .chunks_exact(w)
        .chain(columns.chunks_exact(w))
        .map(line_penalty)
        .sum();
    // N2: each 2×2 block of one colour.
    for pair in rows.chunks_exact(w).collect::<Vec<_>>().windows(2) {
        let (top, bottom) = (pair[0], pair[1]);
        for x in 0..w - 1 {
            let c = top[x];
            if top[x + 1] == c && bottom[x] == c && bottom[x + 1] == c {
                score += 3;
            }
        }
    }
    let dark = rows.iter().filter(|&&d| d).count();
    score + balance_penalty(dark, rows.len())
}

/// N1 and N3 along one row or column:
/// - a run of five or more modules of one colour scores 3, plus 1 for each module beyond five;
/// - a 1:1:3:1:1 dark-light pattern (what a finder looks like) with four light modules on
///   either side scores 40; outside the symbol is light.
fn line_penalty(line: &[bool]) -> u32 {
    // The last 11 modules, newest in the lowest bit; the four light modules before the line
    // and after it are shifted in as zeros.
    const LIGHT_THEN_FINDER: u16 = 0b000_0101_1101;
    const FINDER_THEN_LIGHT: u16 = 0b101_1101_0000;
    let len = line.len();
    let mut window: u16 = 0;
    let mut score = 0;
    let mut run = 0;
    for j in 0..len + 4 {
        let dark = j < len && line[j];
        window = ((window << 1) | u16::from(dark)) & 0x7ff;
        // A window ending past the line's end holds modules before it, so no pattern is
        // counted twice: light-then-finder needs the finder inside the line (its light part
        // may be the margin), finder-then-light needs the finder to start inside it.
        if j >= 6 && j < len && window == LIGHT_THEN_FINDER {
            score += 40;
        }
        if j >= 10 && window == FINDER_THEN_LIGHT {
            score += 40;
        }
        if j < len {
            if j > 0 && line[j - 1] == dark {
                run += 1;
            } else {
                if run >= 5 {
                    score += 3 + (run - 5);
                }
                run = 1;
            }
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
    let size = s.width + 2 * QUIET_ZONE;
    // At least 120 pixels wide on screen; print sizes it in millimetres.
    let px = size * 120_usize.div_ceil(size);
    let mut d = String::with_capacity(s.width * s.width / 2);
    // Each row's dark runs are strokes one module wide along the row's middle: the row's first
    // run is `M{x} {y}.5h{run}`, the next ones `m{gap} 0h{run}` from where the last one ended.
    // Half the bytes of a rectangle per run (a page's code has hundreds of runs), and no
    // formatting machinery.
    for y in 0..s.width {
        let row = &s.dark[y * s.width..(y + 1) * s.width];
        let mut x = 0;
        let mut pen = None;
        while x < s.width {
            if !row[x] {
                x += 1;
                continue;
            }
            let run = row[x..].iter().take_while(|&&dark| dark).count();
            match pen {
                None => {
                    d.push('M');
                    push_number(&mut d, x + QUIET_ZONE);
                    d.push(' ');
                    push_number(&mut d, y + QUIET_ZONE);
                    d.push_str(".5h");
                }
                Some(end) => {
                    d.push('m');
                    push_number(&mut d, x - end);
                    d.push_str(" 0h");
                }
            }
            push_number(&mut d, run);
            x += run;
            pen = Some(x);
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{px}\" height=\"{px}\" \
         viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"none\" stroke=\"#000\" d=\"{d}\"/></svg>"
    )
}

fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| d as char));
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
        let (canvas, _, width) = drawn(URL.as_bytes()).unwrap();
        for mask in MASKS {
            assert_eq!(decode(&masked(&canvas, mask, width)), URL, "{mask:?}");
        }
        assert_eq!(decode(&symbol(URL.as_bytes()).unwrap()), URL);
    }

    #[test]
    fn the_chosen_mask_has_the_lowest_penalty() {
        let best = penalty(&symbol(URL.as_bytes()).unwrap());
        let (canvas, _, width) = drawn(URL.as_bytes()).unwrap();
        let scores: Vec<u32> = MASKS
            .iter()
            .map(|&m| penalty(&masked(&canvas, m, width)))
            .collect();
        assert_eq!(Some(&best), scores.iter().min());
        assert!(scores.iter().any(|&s| s > best), "masks differ: {scores:?}");
    }

    #[test]
    fn penalty_rules() {
        let of = line_penalty;
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
    fn both_ways_of_scoring_agree() {
        // Random symbols of every width up to the widest scored by bits.
        let mut finders = 0;
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for width in (21..=120).step_by(3) {
            for _ in 0..4 {
                let dark = (0..width * width)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        // Runs and blocks are rare in fair noise: lean one way.
                        seed % 7 < 4
                    })
                    .collect();
                let s = Symbol { width, dark };
                let by_modules = penalty_by_modules(&s);
                assert_eq!(penalty_by_bits::<u128>(&s), by_modules, "width {width}");
                if width <= u64::WIDEST {
                    assert_eq!(penalty_by_bits::<u64>(&s), by_modules, "width {width}");
                }
                finders += s
                    .dark
                    .chunks(width)
                    .map(line_penalty)
                    .filter(|&p| p >= 40)
                    .count();
            }
        }
        assert!(finders > 10, "the noise has finder patterns: {finders}");
        // And real codes, every mask.
        let (canvas, _, width) = drawn(URL.as_bytes()).unwrap();
        for mask in MASKS {
            let s = masked(&canvas, mask, width);
            assert_eq!(
                penalty_by_bits::<u64>(&s),
                penalty_by_modules(&s),
                "{mask:?}"
            );
        }
    }

    /// The masks as rows of bits give exactly the crate's masked symbols, and the same choice,
    /// for data of every length from a short address to version 26's capacity.
    #[test]
    fn masking_by_rows_is_the_crates_masking() {
        let mut checked = std::collections::BTreeSet::new();
        for len in (1..1300).step_by(7) {
            let data: Vec<u8> = (0..len)
                .map(|i| b"sanwu/towns/zibai/"[i % 18] ^ (i as u8 & 3))
                .collect();
            let Some((canvas, version, width)) = drawn(&data) else {
                continue;
            };
            if width > MAX_BITS_WIDTH {
                break;
            }
            checked.insert(width);
            let slow: Vec<Symbol> = MASKS.iter().map(|&m| masked(&canvas, m, width)).collect();
            let mut data_rows = vec![0u128; width];
            for (y, row) in data_rows.iter_mut().enumerate() {
                for x in 0..width {
                    if canvas.get(x as i16, y as i16) == Module::Unmasked(Color::Dark) {
                        *row |= 1 << x;
                    }
                }
            }
            for (layer, slow) in layout::<u128>(version, width).masks.iter().zip(&slow) {
                let rows = layer.rows.apply(&data_rows);
                let dark: Vec<bool> = (0..width * width)
                    .map(|i| rows[i / width] >> (i % width) & 1 == 1)
                    .collect();
                assert!(dark == slow.dark, "width {width}");
                let columns = layer.columns.apply(&transposed(&data_rows, width));
                assert_eq!(columns, transposed(&rows, width), "width {width}");
            }
            let chosen = slow.iter().min_by_key(|s| penalty(s)).unwrap();
            assert!(symbol(&data).unwrap().dark == chosen.dark, "width {width}");
        }
        assert!(checked.len() > 15, "{checked:?}");
    }

    #[test]
    fn numbers() {
        for n in [0, 7, 10, 177, 1234567] {
            let mut s = String::new();
            push_number(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn an_inline_svg() {
        let s = svg_for(URL);
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"), "{s}");
        assert!(s.contains("<path") && !s.contains("<?xml"));
    }

    /// The modules the drawing paints: its path read back, stroke by stroke.
    fn painted(svg: &str, size: usize) -> Vec<bool> {
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let mut dark = vec![false; size * size];
        let (mut x, mut y) = (0.0f64, 0.0f64);
        // Commands and their numbers: `M x y`, `m dx dy`, `h dx`.
        let mut tokens = Vec::new();
        let mut number = String::new();
        for c in d.chars() {
            if c.is_ascii_digit() || c == '.' || c == '-' {
                number.push(c);
                continue;
            }
            if !number.is_empty() {
                tokens.push(std::mem::take(&mut number));
            }
            if c.is_ascii_alphabetic() {
                tokens.push(c.to_string());
            }
        }
        if !number.is_empty() {
            tokens.push(number);
        }
        let mut t = tokens.iter();
        let num = |t: &mut std::slice::Iter<String>| t.next().unwrap().parse::<f64>().unwrap();
        while let Some(command) = t.next() {
            match command.as_str() {
                "M" => (x, y) = (num(&mut t), num(&mut t)),
                "m" => (x, y) = (x + num(&mut t), y + num(&mut t)),
                "h" => {
                    let run = num(&mut t);
                    // A stroke one module wide along the middle of a row of modules.
                    assert_eq!(y.fract(), 0.5, "{d}");
                    assert!(run > 0.0 && x.fract() == 0.0 && run.fract() == 0.0);
                    for m in x as usize..(x + run) as usize {
                        dark[y as usize * size + m] = true;
                    }
                    x += run;
                }
                other => panic!("unexpected {other} in {d}"),
            }
        }
        dark
    }

    #[test]
    fn the_drawing_is_the_symbol() {
        for url in [
            URL,
            "https://example.org/",
            "https://bench.example.org/towns/watan/yangxi/party/2025-q4-dangfei/history/ea12620eb0/",
        ] {
            let symbol = symbol(url.as_bytes()).unwrap();
            let size = symbol.width + 2 * QUIET_ZONE;
            let drawn = painted(&svg(&symbol), size);
            for y in 0..size {
                for x in 0..size {
                    let inside = |v: usize| (QUIET_ZONE..QUIET_ZONE + symbol.width).contains(&v);
                    let dark = inside(x)
                        && inside(y)
                        && symbol.dark[(y - QUIET_ZONE) * symbol.width + x - QUIET_ZONE];
                    assert_eq!(drawn[y * size + x], dark, "module ({x}, {y}) of {url}");
                }
            }
            assert!(svg(&symbol).contains(&format!("viewBox=\"0 0 {size} {size}\"")));
        }
    }
}
