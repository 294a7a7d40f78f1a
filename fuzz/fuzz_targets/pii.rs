#![no_main]
//! The personal-information scanner and masker: never a panic; findings are ordered and on
//! character boundaries; masked text holds no certain finding and masks to itself.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let found = sanwu::pii::scan(text);
    let mut end = 0;
    for f in &found {
        assert!(f.start >= end && f.start < f.end && f.end <= text.len());
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        end = f.end;
    }
    let (masked, _) = sanwu::mask::mask_text(text);
    assert!(sanwu::pii::scan(&masked).iter().all(|f| !f.kind.is_certain()), "{masked:?}");
    assert_eq!(sanwu::mask::mask_text(&masked).0, masked);
});
