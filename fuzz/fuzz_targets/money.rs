#![no_main]
//! The money parser: never a panic, and whatever parses prints back to the same amount.
use libfuzzer_sys::fuzz_target;
use sanwu::money::Money;

fuzz_target!(|text: &str| {
    if let Ok(m) = Money::parse(text) {
        assert!(m.fen() >= 0);
        let shown = m.to_string();
        assert_eq!(Money::parse(&shown), Ok(m), "{text:?} → {shown}");
    }
});
