#![no_main]
//! The document parser, front matter and YAML included: any text, never a panic, and every
//! diagnostic points inside the text.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (bool, &str)| {
    let (markdown, text) = input;
    let rel = if markdown {
        "content/towns/zibai/huoshaodian/affairs/x.md"
    } else {
        "content/towns/zibai/huoshaodian/finance/x.yaml"
    };
    let mut diags = sanwu::diag::Diagnostics::new();
    let _ = sanwu::load::document_from_text(rel, text, &mut diags);
    let lines = sanwu::source::normalize_line_breaks(text).split('\n').count() as u32 + 1;
    for d in diags.iter() {
        assert!(d.pos.line <= lines, "{d:?} beyond {lines} lines");
    }
});
