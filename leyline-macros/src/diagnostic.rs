//! Accumulated errors turned into `compile_error!`s. darling's own messages
//! (an unknown, missing or repeated key) are reworded in the style of the rest:
//! lowercase, saying what to write. A key reported as unknown with a suggestion
//! ("did you mean `package`?") does not also report the suggested key as
//! missing: that is one mistake, so one error.

use proc_macro2::TokenStream;

/// The `compile_error!`s for every error in `error`.
pub(crate) fn into_compile_errors(error: darling::Error) -> TokenStream {
    let errors: Vec<syn::Error> = error.flatten().into_iter().map(syn::Error::from).collect();
    let suggested: Vec<String> = errors
        .iter()
        .filter_map(|e| unknown_key(&e.to_string()).and_then(|(_, hint)| hint))
        .filter_map(|hint| {
            hint.strip_prefix("did you mean `")?
                .strip_suffix("`?")
                .map(str::to_owned)
        })
        .collect();
    let mut out = TokenStream::new();
    for e in errors {
        let message = e.to_string();
        if let Some(missing) = missing_key(&message) {
            if suggested.iter().any(|s| s == missing) {
                continue;
            }
        }
        out.extend(syn::Error::new(e.span(), reword(&message)).to_compile_error());
    }
    out
}

/// darling's "Unknown field: `x`[. Did you mean `y`?]": the key, and the hint
/// reworded.
fn unknown_key(message: &str) -> Option<(&str, Option<String>)> {
    let rest = message.strip_prefix("Unknown field: `")?;
    let (key, rest) = rest.split_once('`')?;
    let hint = if let Some(alt) = rest.strip_prefix(". Did you mean ") {
        Some(format!("did you mean {alt}"))
    } else {
        rest.strip_prefix(". Available values: ")
            .map(|alts| format!("expected one of {alts}"))
    };
    Some((key, hint))
}

/// darling's "Missing field `x`": the key.
fn missing_key(message: &str) -> Option<&str> {
    message.strip_prefix("Missing field `")?.strip_suffix('`')
}

fn reword(message: &str) -> String {
    if let Some((key, hint)) = unknown_key(message) {
        return match hint {
            Some(hint) => format!("unknown key `{key}`; {hint}"),
            None => format!("unknown key `{key}`"),
        };
    }
    if let Some(key) = missing_key(message) {
        return match key {
            "package" => "missing `package = \"...\"`: every contract names its proto package, as in `package = \"esper.leyline.v1\"`".to_owned(),
            key => format!("missing `{key} = ...`"),
        };
    }
    if let Some(key) = message
        .strip_prefix("Duplicate field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return format!("`{key}` is given twice; keep one");
    }
    // Other darling messages ("Unexpected literal type `int`"): lowercase the
    // first word, unless it is an acronym.
    let mut chars = message.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            let mut out: String = first.to_lowercase().collect();
            out.push_str(&message[first.len_utf8()..]);
            out
        }
        _ => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewords_darling_messages() {
        assert_eq!(
            reword("Unknown field: `fild`. Did you mean `field`?"),
            "unknown key `fild`; did you mean `field`?"
        );
        assert_eq!(reword("Unknown field: `x`"), "unknown key `x`");
        assert_eq!(reword("Missing field `prefix`"), "missing `prefix = ...`");
        assert_eq!(
            reword("Duplicate field `field`"),
            "`field` is given twice; keep one"
        );
        assert_eq!(
            reword("Unexpected literal type `int`"),
            "unexpected literal type `int`"
        );
        assert_eq!(reword("JSON name"), "JSON name");
        assert_eq!(reword("already lowercase"), "already lowercase");
        assert_eq!(
            reword("Unknown field: `x`. Available values: `a`, `b`"),
            "unknown key `x`; expected one of `a`, `b`"
        );
        assert_eq!(
            reword("Missing field `package`"),
            "missing `package = \"...\"`: every contract names its proto package, as in `package = \"esper.leyline.v1\"`"
        );
    }

    /// The messages of the `compile_error!`s `tokens` consists of.
    fn compile_errors(tokens: TokenStream) -> Vec<String> {
        let macros = |input: syn::parse::ParseStream<'_>| {
            let mut out = Vec::new();
            while !input.is_empty() {
                let m: syn::ItemMacro = input.parse()?;
                out.push(m.mac.parse_body::<syn::LitStr>()?.value());
            }
            Ok(out)
        };
        syn::parse::Parser::parse2(macros, tokens).unwrap()
    }

    #[test]
    fn a_misspelt_key_is_not_also_missing() {
        let errors = darling::Error::multiple(vec![
            darling::Error::unknown_field_with_alts("pakage", &["package", "reserved"]),
            darling::Error::missing_field("package"),
            darling::Error::missing_field("prefix"),
            darling::Error::unknown_field("view_"),
        ]);
        assert_eq!(
            compile_errors(into_compile_errors(errors)),
            [
                "unknown key `pakage`; did you mean `package`?",
                "missing `prefix = ...`",
                "unknown key `view_`",
            ]
        );
    }
}
