//! `held_oneofs!`, the last step of the exchange between a message and its
//! oneofs (`crate::held`): the rules between them, and, inside the message's
//! encoder, its fields written in field-number order, as protoc's runtimes
//! (C++, upb, Java) write them, each oneof variant at its own number; inside
//! its sizing pass, the sum of their lengths in the same order (the nested
//! lengths that pass records are read back in the order they were recorded).
//!
//! The variants of a oneof that no field (of the message or of another oneof)
//! interrupts in that order are written by one test of the oneof: when all its
//! variants form one such run, as usual, that is the encoder of a message
//! whose oneofs sit between its fields (the oneof's own `encode_cached`, once);
//! a oneof whose numbers interleave with other fields is tested once per run,
//! by a pattern naming the run's variants.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::check;
use crate::diagnostic::into_compile_errors;
use crate::held::{Held, HeldField, HeldOneofField, HeldVariant, Mode};

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let held: Held = match syn::parse2(input) {
        Ok(h) => h,
        Err(e) => return e.to_compile_error(),
    };
    if matches!(held.message.mode, Mode::Len { .. }) {
        // The encoder's call reports the rules; this one only sums.
        return in_order(&held);
    }
    let mut errors = darling::Error::accumulator();
    check::held(&held, &mut errors);
    let errors = match errors.finish() {
        Ok(()) => TokenStream::new(),
        Err(e) => into_compile_errors(e),
    };
    let encode = in_order(&held);
    quote!(#errors #encode)
}

/// A member of the message, as placed on the wire.
enum Member<'a> {
    Field(&'a HeldField),
    /// A variant of the message's `.0`-th oneof.
    Variant(usize, &'a HeldVariant),
}

impl Member<'_> {
    fn number(&self) -> i128 {
        match self {
            Member::Field(f) => f.number.value,
            Member::Variant(_, v) => v.number.value,
        }
    }
}

/// The fields' code in field-number order: statements writing them (`Encode`),
/// the sum of their lengths (`Len`), nothing (`Checks`).
fn in_order(held: &Held) -> TokenStream {
    let fields = &held.message.oneofs;
    let mut members: Vec<Member<'_>> = held.message.fields.iter().map(Member::Field).collect();
    // A oneof with errors of its own has no variants to place: it is written
    // last (the crate does not compile anyway). A usable oneof has at least
    // one variant (an empty oneof is an error of its own).
    let mut unplaced = Vec::new();
    for (i, oneof) in held.oneofs.iter().enumerate().take(fields.len()) {
        match &oneof.variants {
            Some(variants) => members.extend(variants.iter().map(|v| Member::Variant(i, v))),
            None => unplaced.push(i),
        }
    }
    // Stable: equal numbers are errors, reported by the checks.
    members.sort_by_key(Member::number);

    let mode = &held.message.mode;
    let mut out = Vec::new();
    let mut k = 0;
    while k < members.len() {
        match members[k] {
            Member::Field(f) => {
                out.push(f.code.clone());
                k += 1;
            }
            Member::Variant(oneof, _) => {
                let mut run: Vec<&HeldVariant> = Vec::new();
                while let Some(Member::Variant(o, v)) = members.get(k) {
                    if *o != oneof {
                        break;
                    }
                    run.push(v);
                    k += 1;
                }
                let all = held.oneofs[oneof]
                    .variants
                    .as_ref()
                    .is_some_and(|v| v.len() == run.len());
                out.push(run_code(&fields[oneof], (!all).then_some(&run[..]), mode));
            }
        }
    }
    for i in unplaced {
        out.push(run_code(&fields[i], None, mode));
    }
    match mode {
        Mode::Checks => TokenStream::new(),
        Mode::Len { .. } => quote!(0usize #(+ #out)*),
        Mode::Encode { .. } => quote!(#(#out)*),
    }
}

/// The code of the oneof `field` when it holds one of the variants `run`
/// (`None`: any variant): the statement writing it, or its length.
fn run_code(field: &HeldOneofField, run: Option<&[&HeldVariant]>, mode: &Mode) -> TokenStream {
    let (f, path) = (&field.ident, &field.path);
    let value = format_ident!("__leyline_oneof");
    let pattern = match run {
        None => quote!(#value),
        Some([v]) => {
            let v = &v.ident;
            quote!(#value @ #path::#v(_))
        }
        Some(run) => {
            let variants = run.iter().map(|v| {
                let v = &v.ident;
                quote!(#path::#v(_))
            });
            quote!(#value @ (#(#variants)|*))
        }
    };
    let oneof = quote!(<#path as ::leyline::__private::Oneof>);
    match mode {
        Mode::Checks => TokenStream::new(),
        Mode::Len { this, cache } => quote! {
            match &#this.#f {
                ::core::option::Option::Some(#pattern) => #oneof::encoded_len_cached(#value, #cache),
                _ => 0,
            }
        },
        Mode::Encode { this, buf, cache } => quote! {
            if let ::core::option::Option::Some(#pattern) = &#this.#f {
                #oneof::encode_cached(#value, #buf, #cache);
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_that_is_no_exchange_is_a_syntax_error() {
        // `held_oneofs!` is reached through the callbacks only; written by
        // hand, a wrong input is an error, not a panic.
        let out = expand(quote!(not an exchange)).to_string();
        assert_eq!(
            out.split(" { ").next(),
            Some(":: core :: compile_error !"),
            "{out}"
        );
    }
}
