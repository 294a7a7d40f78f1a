#![no_main]
//! The front-matter splitter: any text, never a panic; a split's parts come from the text.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut diags = sanwu::diag::Diagnostics::new();
    let mut cx = sanwu::fields::Cx { file: "content/pages/x.md", diags: &mut diags };
    if let Some((front, offset, _body)) = sanwu::load::split_front_matter(text, &mut cx) {
        assert!(text.contains(front));
        assert_eq!(offset, 1);
    }
});
