//! The pre-check of every Fluent text (`content::nesting::check`: nesting depth, escapes the parser
//! panics on) against what it protects: any text it lets through must parse and format on a thread with
//! a tokio worker's stack (2 MiB), without overflowing it (which aborts the process) or panicking.
#![no_main]

use beacon::content::nesting::check;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use libfuzzer_sys::fuzz_target;

/// A tokio worker thread's stack.
const STACK: usize = 2 * 1024 * 1024;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if check(text).is_err() {
        return;
    }
    let text = text.to_owned();
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let _ = fluent_syntax::parser::parse(text.as_str());
            let resource = match FluentResource::try_new(text) {
                Ok(r) => r,
                Err((r, _)) => r,
            };
            let mut bundle = FluentBundle::new(vec!["en".parse().expect("en")]);
            bundle.set_use_isolating(false);
            let _ = bundle.add_resource(&resource);
            let mut args = FluentArgs::new();
            args.set("count", 3);
            args.set("name", "Ona");
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry
                    && let Some(message) = bundle.get_message(m.id.name)
                {
                    let mut errors = Vec::new();
                    if let Some(value) = message.value() {
                        let _ = bundle.format_pattern(value, Some(&args), &mut errors);
                    }
                    for attribute in message.attributes() {
                        let _ = bundle.format_pattern(attribute.value(), Some(&args), &mut errors);
                    }
                }
            }
        })
        .expect("a thread")
        .join()
        .expect("parsing and formatting do not panic");
});
