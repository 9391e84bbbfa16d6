//! A message and the oneofs it holds, brought together across items.
//!
//! A message cannot see the variants of its oneofs: each oneof is another item,
//! expanded by another macro call. So every `#[leyline::oneof]` also declares a
//! callback macro under the enum's own name (in the macro namespace, where
//! the `use` that imports the enum imports it too), and a message holding
//! oneofs calls the first one with what it knows of itself. Each oneof's
//! macro appends its variants (numbers and names, carrying the spans of the
//! oneof's own tokens) and calls the next; the last one calls
//! `leyline::__private::held_oneofs!`, which checks the rules between the
//! message and its oneofs (`check::held`) and, inside the message's encoder,
//! writes its fields in field-number order, oneof variants at their own
//! numbers (`expand::held_oneofs`); inside its sizing pass, it sums their
//! lengths in that same order, which is the order the nested lengths it
//! records are read back in (see `leyline::encode`):
//!
//! ```text
//! Payload! { @leyline_held [(origin::Origin)] [] { message } }
//! origin::Origin! { @leyline_held [] [{ usable [(Note 2 "note") ...] }] { message } }
//! ::leyline::__private::held_oneofs! { [{ usable [...] } { usable [...] }] { message } }
//! ```
//!
//! The callback resolves wherever the enum's name does, declared before or
//! after the message, in another module or in a function body, but not in
//! another crate: a `macro_rules!` can be re-exported with `pub(crate)` at most.
//!
//! Both ends of the exchange are written here, the tokens by `ToTokens` and
//! read back by `Parse`, so that they cannot drift apart.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::{braced, bracketed, parenthesized, Ident, LitInt, LitStr, Token, Visibility};

use crate::attr::{Number, ReservedRange};
use crate::check::MAX_FIELD_NUMBER;
use crate::model::ProtoName;

/// What `held_oneofs!` receives: each oneof's variants, in the order the
/// message holds them, and the message.
pub(crate) struct Held {
    pub(crate) oneofs: Vec<HeldOneof>,
    pub(crate) message: HeldMessage,
}

/// What a oneof's callback appends.
pub(crate) struct HeldOneof {
    /// The variants, `None` when the oneof has errors of its own (reported by
    /// its own macro call): the message then checks nothing against it.
    pub(crate) variants: Option<Vec<HeldVariant>>,
}

pub(crate) struct HeldVariant {
    pub(crate) ident: Ident,
    pub(crate) number: Number,
    pub(crate) name: ProtoName,
}

/// What the message passes along.
pub(crate) struct HeldMessage {
    pub(crate) name: String,
    /// Where the call sits, which says what it expands to.
    pub(crate) mode: Mode,
    pub(crate) reserved: Vec<ReservedRange>,
    pub(crate) reserved_names: Vec<LitStr>,
    /// Numbered fields (their numbers within range), in declaration order.
    pub(crate) fields: Vec<HeldField>,
    /// The oneof fields, in declaration order.
    pub(crate) oneofs: Vec<HeldOneofField>,
}

/// Where a message calls its oneofs' callbacks. The locals are passed as
/// tokens, so that the code `held_oneofs!` writes names the very bindings of
/// the method the message wrote.
pub(crate) enum Mode {
    /// Beside a message with errors: the rules only.
    Checks,
    /// In `__encoded_len_cached`: the sum of the fields' lengths, in the order
    /// they are written.
    Len { this: Token![self], cache: Ident },
    /// In `__encode_cached`: the rules, and the statements writing the fields.
    Encode {
        this: Token![self],
        buf: Ident,
        cache: Ident,
    },
}

pub(crate) struct HeldField {
    pub(crate) ident: Ident,
    pub(crate) number: Number,
    pub(crate) name: ProtoName,
    /// The field's code for the call's mode: the statement writing it
    /// (`Encode`), the expression of its length (`Len`), nothing (`Checks`).
    pub(crate) code: TokenStream,
}

pub(crate) struct HeldOneofField {
    pub(crate) ident: Ident,
    pub(crate) name: ProtoName,
    /// The oneof's type as the message names it.
    pub(crate) path: syn::Path,
}

// ---------------------------------------------------------------------------
// The calls

/// The call a message makes: the first oneof's callback, given the others.
/// Nothing for a message without oneofs.
pub(crate) fn call(message: &HeldMessage) -> TokenStream {
    let Some((first, rest)) = message.oneofs.split_first() else {
        return TokenStream::new();
    };
    let first = &first.path;
    let rest = rest.iter().map(|o| &o.path);
    quote! {
        #first! { @leyline_held [#((#rest))*] [] #message }
    }
}

/// The callback macro of a oneof (`variants` is `None` for a oneof with
/// errors), and the import that puts it under the enum's name.
pub(crate) fn callback(
    ident: &Ident,
    vis: &Visibility,
    variants: Option<Vec<HeldVariant>>,
) -> TokenStream {
    let info = HeldOneof { variants };
    let name = format_ident!("__leyline_oneof_{}", ident);
    // A `macro_rules!` is re-exported within its crate at most.
    let vis = match vis {
        Visibility::Public(_) => quote!(pub(crate)),
        other => quote!(#other),
    };
    quote! {
        #[doc(hidden)]
        #[allow(unused_macros)]
        macro_rules! #name {
            (@leyline_held [($($next:tt)*) $($rest:tt)*] [$($done:tt)*] $message:tt) => {
                $($next)*! { @leyline_held [$($rest)*] [$($done)* #info] $message }
            };
            (@leyline_held [] [$($done:tt)*] $message:tt) => {
                ::leyline::__private::held_oneofs! { [$($done)* #info] $message }
            };
        }
        #[doc(hidden)]
        #[allow(unused_imports)]
        #vis use #name as #ident;
    }
}

/// The numbered members a oneof hands over: its variants whose numbers are
/// within range (the others are errors of the oneof itself).
pub(crate) fn variants(o: &crate::model::Oneof) -> Vec<HeldVariant> {
    o.variants
        .iter()
        .filter(|v| in_range(&v.number))
        .map(|v| HeldVariant {
            ident: v.ident.clone(),
            number: v.number,
            name: v.name.clone(),
        })
        .collect()
}

/// A field number that can be written as a `u32` literal and is worth
/// checking against others.
pub(crate) fn in_range(n: &Number) -> bool {
    (1..=MAX_FIELD_NUMBER).contains(&n.value)
}

// ---------------------------------------------------------------------------
// Writing

fn number(n: &Number) -> Literal {
    let mut lit = Literal::u32_unsuffixed(u32::try_from(n.value).unwrap_or(0));
    lit.set_span(n.span);
    lit
}

fn name_lit(n: &ProtoName) -> LitStr {
    LitStr::new(&n.value, n.span)
}

impl ToTokens for HeldOneof {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match &self.variants {
            Some(variants) => {
                let variants = variants.iter().map(|v| {
                    let (ident, n, name) = (&v.ident, number(&v.number), name_lit(&v.name));
                    quote!((#ident #n #name))
                });
                quote!({ usable [#(#variants)*] })
            }
            None => quote!({ broken }),
        });
    }
}

impl ToTokens for HeldMessage {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let message = &self.name;
        let mode = match &self.mode {
            Mode::Checks => quote!(checks),
            Mode::Len { this, cache } => quote!(len(#this #cache)),
            Mode::Encode { this, buf, cache } => quote!(encode(#this #buf #cache)),
        };
        let reserved = self.reserved.iter().filter_map(|r| {
            let (start, end) = (u32::try_from(r.start).ok()?, u32::try_from(r.end).ok()?);
            let mut start = Literal::u32_unsuffixed(start);
            start.set_span(r.span);
            let end = Literal::u32_unsuffixed(end);
            let text = &r.text;
            Some(quote!((#start #end #text)))
        });
        let names = &self.reserved_names;
        let fields = self.fields.iter().map(|f| {
            let (ident, n, name, code) = (&f.ident, number(&f.number), name_lit(&f.name), &f.code);
            quote!((#ident #n #name { #code }))
        });
        let oneofs = self.oneofs.iter().map(|o| {
            let (ident, name, path) = (&o.ident, name_lit(&o.name), &o.path);
            quote!((#ident #name (#path)))
        });
        tokens.extend(quote! {
            { #message #mode [#(#reserved)*] [#(#names)*] [#(#fields)*] [#(#oneofs)*] }
        });
    }
}

// ---------------------------------------------------------------------------
// Reading

fn parse_number(input: ParseStream<'_>) -> syn::Result<Number> {
    let lit: LitInt = input.parse()?;
    Ok(Number {
        value: lit.base10_parse()?,
        span: lit.span(),
    })
}

fn parse_name(input: ParseStream<'_>) -> syn::Result<ProtoName> {
    let lit: LitStr = input.parse()?;
    Ok(ProtoName {
        value: lit.value(),
        span: lit.span(),
    })
}

/// `[ (...) (...) ]`, each entry read by `entry`.
fn parse_list<T>(
    input: ParseStream<'_>,
    entry: fn(ParseStream<'_>) -> syn::Result<T>,
) -> syn::Result<Vec<T>> {
    let list;
    bracketed!(list in input);
    let mut out = Vec::new();
    while !list.is_empty() {
        let item;
        parenthesized!(item in list);
        out.push(entry(&item)?);
    }
    Ok(out)
}

impl Parse for Held {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let list;
        bracketed!(list in input);
        let mut oneofs = Vec::new();
        while !list.is_empty() {
            oneofs.push(list.parse()?);
        }
        let message = input.parse()?;
        Ok(Held { oneofs, message })
    }
}

impl Parse for HeldOneof {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let body;
        braced!(body in input);
        let state: Ident = body.parse()?;
        if state == "broken" {
            return Ok(HeldOneof { variants: None });
        }
        let variants = parse_list(&body, |v| {
            Ok(HeldVariant {
                ident: v.parse()?,
                number: parse_number(v)?,
                name: parse_name(v)?,
            })
        })?;
        Ok(HeldOneof {
            variants: Some(variants),
        })
    }
}

impl Parse for HeldMessage {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let body;
        braced!(body in input);
        let name: LitStr = body.parse()?;
        let mode: Ident = body.parse()?;
        let mode = if mode == "checks" {
            Mode::Checks
        } else {
            let locals;
            parenthesized!(locals in body);
            if mode == "len" {
                Mode::Len {
                    this: locals.parse()?,
                    cache: locals.parse()?,
                }
            } else {
                Mode::Encode {
                    this: locals.parse()?,
                    buf: locals.parse()?,
                    cache: locals.parse()?,
                }
            }
        };
        let reserved = parse_list(&body, |r| {
            let start = parse_number(r)?;
            let end = parse_number(r)?;
            let text: LitStr = r.parse()?;
            Ok(ReservedRange {
                start: start.value,
                end: end.value,
                span: start.span,
                text: text.value(),
            })
        })?;
        let names;
        bracketed!(names in body);
        let mut reserved_names = Vec::new();
        while !names.is_empty() {
            reserved_names.push(names.parse()?);
        }
        let fields = parse_list(&body, |f| {
            let ident = f.parse()?;
            let number = parse_number(f)?;
            let name = parse_name(f)?;
            let code;
            braced!(code in f);
            Ok(HeldField {
                ident,
                number,
                name,
                code: code.parse()?,
            })
        })?;
        let oneofs = parse_list(&body, |o| {
            let ident = o.parse()?;
            let name = parse_name(o)?;
            let path;
            parenthesized!(path in o);
            Ok(HeldOneofField {
                ident,
                name,
                path: path.parse()?,
            })
        })?;
        Ok(HeldMessage {
            name: name.value(),
            mode,
            reserved,
            reserved_names,
            fields,
            oneofs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::Span;
    use syn::parse_quote;

    /// What the writers emit, the reader reads back.
    #[test]
    fn the_exchange_reads_back_what_is_written() {
        let oneof: crate::model::Oneof = {
            let mut errors = darling::Error::accumulator();
            let o = crate::model::Oneof::parse(
                &parse_quote! {
                    enum Payload {
                        #[leyline(field = 2)]
                        Note(String),
                        #[leyline(field = 30, name = "total")]
                        Count(u32),
                        #[leyline(field = 0)]
                        Zero(u32),
                    }
                },
                &mut errors,
            );
            assert!(errors.finish().is_ok());
            o
        };
        let info = HeldOneof {
            variants: Some(variants(&oneof)),
        };
        let message = HeldMessage {
            name: "Seed".to_owned(),
            mode: Mode::Encode {
                this: parse_quote!(self),
                buf: parse_quote!(buf),
                cache: parse_quote!(cache),
            },
            reserved: vec![ReservedRange {
                start: 100,
                end: 199,
                span: Span::call_site(),
                text: "100..=199".to_owned(),
            }],
            reserved_names: vec![parse_quote!("old")],
            fields: vec![HeldField {
                ident: parse_quote!(id),
                number: Number {
                    value: 5,
                    span: Span::call_site(),
                },
                name: ProtoName {
                    value: "id".to_owned(),
                    span: Span::call_site(),
                },
                code: quote!(write_id(self, buf);),
            }],
            oneofs: vec![HeldOneofField {
                ident: parse_quote!(payload),
                name: ProtoName {
                    value: "payload".to_owned(),
                    span: Span::call_site(),
                },
                path: parse_quote!(payloads::Payload),
            }],
        };
        let held: Held = syn::parse2(quote!([#info] #message)).unwrap();
        assert_eq!(held.oneofs.len(), 1);
        let read = &held.oneofs[0];
        let variants: Vec<(String, i128, String)> = read
            .variants
            .iter()
            .flatten()
            .map(|v| (v.ident.to_string(), v.number.value, v.name.value.clone()))
            .collect();
        // The variant numbered 0 is the oneof's own error: not handed over.
        assert_eq!(
            variants,
            [
                ("Note".to_owned(), 2, "note".to_owned()),
                ("Count".to_owned(), 30, "total".to_owned())
            ]
        );
        let m = &held.message;
        assert_eq!(m.name, "Seed");
        assert!(matches!(m.mode, Mode::Encode { .. }));
        assert_eq!(
            (
                m.reserved[0].start,
                m.reserved[0].end,
                m.reserved[0].text.as_str()
            ),
            (100, 199, "100..=199")
        );
        assert_eq!(m.reserved_names[0].value(), "old");
        assert_eq!(m.fields[0].number.value, 5);
        assert_eq!(
            m.fields[0].code.to_string(),
            quote!(write_id(self, buf);).to_string()
        );
        assert_eq!(m.oneofs[0].path, parse_quote!(payloads::Payload));

        let broken: Held = syn::parse2(quote!([{ broken }] { "Seed" checks [] [] [] [] }))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(broken.oneofs[0].variants.is_none());
        assert!(matches!(broken.message.mode, Mode::Checks));
        let len: Held = syn::parse2(quote!([] { "Seed" len(self cache) [] [] [] [] }))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(len.message.mode, Mode::Len { .. }));
    }

    #[test]
    fn a_message_calls_its_first_oneof_with_the_others() {
        let message = HeldMessage {
            name: "Seed".to_owned(),
            mode: Mode::Checks,
            reserved: Vec::new(),
            reserved_names: Vec::new(),
            fields: Vec::new(),
            oneofs: ["a::First", "Second", "crate::b::Third"]
                .iter()
                .map(|p| HeldOneofField {
                    ident: parse_quote!(x),
                    name: ProtoName {
                        value: "x".to_owned(),
                        span: Span::call_site(),
                    },
                    path: syn::parse_str(p).unwrap_or_else(|e| panic!("{e}")),
                })
                .collect(),
        };
        let expected = quote! {
            a::First! { @leyline_held [(Second) (crate::b::Third)] [] #message }
        };
        assert_eq!(call(&message).to_string(), expected.to_string());
        let none = HeldMessage {
            oneofs: Vec::new(),
            ..message
        };
        assert!(call(&none).is_empty());
    }
}
