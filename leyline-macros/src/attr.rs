//! Attribute syntax, parsed with darling into plain values that keep their spans.

use darling::ast::NestedMeta;
use darling::util::{Flag, SpannedValue};
use darling::FromMeta;
use proc_macro2::Span;
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, ExprRange, ExprUnary, Lit, LitStr, Meta, RangeLimits, UnOp};

/// A number as written, with its span. Kept as i128 so out-of-range values can
/// be reported by the check module instead of failing to parse.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Number {
    pub(crate) value: i128,
    pub(crate) span: Span,
}

impl Number {
    pub(crate) fn from_expr(expr: &Expr) -> darling::Result<Self> {
        match expr {
            Expr::Lit(ExprLit {
                lit: Lit::Int(lit), ..
            }) => {
                let value = lit
                    .base10_parse::<i128>()
                    .map_err(|e| darling::Error::custom(e).with_span(lit))?;
                Ok(Number {
                    value,
                    span: lit.span(),
                })
            }
            Expr::Unary(ExprUnary {
                op: UnOp::Neg(_),
                expr: inner,
                ..
            }) => {
                let n = Number::from_expr(inner)?;
                Ok(Number {
                    value: -n.value,
                    span: expr.span(),
                })
            }
            Expr::Group(g) => Number::from_expr(&g.expr),
            Expr::Paren(p) => Number::from_expr(&p.expr),
            other => Err(darling::Error::custom("expected an integer literal").with_span(other)),
        }
    }
}

impl FromMeta for Number {
    fn from_expr(expr: &Expr) -> darling::Result<Self> {
        Number::from_expr(expr)
    }
}

/// One entry of `reserved(...)`: a number or a range, normalised to inclusive.
#[derive(Debug, Clone)]
pub(crate) struct ReservedRange {
    pub(crate) start: i128,
    pub(crate) end: i128,
    pub(crate) span: Span,
    /// The entry as written (`100..200`), for messages.
    pub(crate) text: String,
}

/// `reserved(3, 100..=199, 200..300)`.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReservedList(pub(crate) Vec<ReservedRange>);

impl FromMeta for ReservedList {
    fn from_meta(item: &Meta) -> darling::Result<Self> {
        let Meta::List(list) = item else {
            return Err(
                darling::Error::custom("expected `reserved(1, 5..=9, ...)`").with_span(item)
            );
        };
        let exprs = list
            .parse_args_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
            .map_err(darling::Error::from)?;
        let mut errors = darling::Error::accumulator();
        let mut out = Vec::new();
        for expr in &exprs {
            let parsed = match expr {
                Expr::Range(ExprRange { start: Some(start), limits, end: Some(end), .. }) => {
                    let start = Number::from_expr(start);
                    let end = Number::from_expr(end);
                    match (start, end) {
                        (Ok(s), Ok(e)) => {
                            let end = match limits {
                                RangeLimits::Closed(_) => e.value,
                                RangeLimits::HalfOpen(_) => e.value - 1,
                            };
                            Ok(ReservedRange {
                                start: s.value,
                                end,
                                span: expr.span(),
                                text: expr.to_token_stream().to_string().replace(' ', ""),
                            })
                        }
                        (Err(e), _) | (_, Err(e)) => Err(e),
                    }
                }
                Expr::Range(r) => Err(darling::Error::custom(
                    "reserved ranges need both ends: write `a..=b` (inclusive) or `a..b` (exclusive)",
                )
                .with_span(r)),
                other => Number::from_expr(other).map(|n| ReservedRange {
                    start: n.value,
                    end: n.value,
                    span: n.span,
                    text: n.value.to_string(),
                }),
            };
            if let Some(r) = errors.handle(parsed) {
                out.push(r);
            }
        }
        errors.finish_with(ReservedList(out))
    }
}

/// `reserved_names("a", "b")`.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameList(pub(crate) Vec<LitStr>);

impl FromMeta for NameList {
    fn from_list(items: &[NestedMeta]) -> darling::Result<Self> {
        let mut errors = darling::Error::accumulator();
        let mut out = Vec::new();
        for item in items {
            match item {
                NestedMeta::Lit(Lit::Str(s)) => out.push(s.clone()),
                other => errors.push(
                    darling::Error::custom("expected a string literal such as \"old_name\"")
                        .with_span(other),
                ),
            }
        }
        errors.finish_with(NameList(out))
    }
}

/// Arguments of `#[leyline::message(...)]`.
#[derive(Debug, FromMeta)]
pub(crate) struct MessageArgs {
    pub(crate) package: SpannedValue<String>,
    #[darling(default)]
    pub(crate) reserved: ReservedList,
    #[darling(default)]
    pub(crate) reserved_names: NameList,
    /// For the well-known types leyline defines itself: the `.proto` file that
    /// defines them upstream. Hidden; not part of the documented syntax.
    #[darling(default)]
    pub(crate) well_known: Option<String>,
    /// `max_size = N`: the size limit the guarded codec enforces.
    #[darling(default)]
    pub(crate) max_size: Option<Number>,
    /// `parent = Message`: declared in the proto scope of that message.
    #[darling(default)]
    pub(crate) parent: Option<syn::Path>,
    /// `view = false`: no borrowed view is generated (the owned decode
    /// stands in for it).
    #[darling(default)]
    pub(crate) view: Option<bool>,
}

/// Arguments of `#[leyline::enumeration(...)]`.
#[derive(Debug, FromMeta)]
pub(crate) struct EnumArgs {
    pub(crate) package: SpannedValue<String>,
    #[darling(default)]
    pub(crate) prefix: Option<SpannedValue<String>>,
    #[darling(default)]
    pub(crate) allow_alias: Flag,
    /// For the well-known enums leyline defines itself (`NullValue`): the
    /// `.proto` file that defines them upstream. Hidden, as on messages.
    #[darling(default)]
    pub(crate) well_known: Option<String>,
    /// `parent = Message`: declared in the proto scope of that message.
    #[darling(default)]
    pub(crate) parent: Option<syn::Path>,
    #[darling(default)]
    pub(crate) reserved: ReservedList,
    #[darling(default)]
    pub(crate) reserved_names: NameList,
}

/// Arguments of `#[leyline::oneof(...)]` (none today; parsed so that unknown
/// keys are reported).
#[derive(Debug, Default, FromMeta)]
pub(crate) struct OneofArgs {}

/// `#[leyline(...)]` on a message field.
#[derive(Debug, Default, FromMeta)]
pub(crate) struct FieldAttr {
    #[darling(default)]
    pub(crate) field: Option<Number>,
    #[darling(default)]
    pub(crate) name: Option<LitStr>,
    #[darling(default)]
    pub(crate) encoding: Option<LitStr>,
    #[darling(default)]
    pub(crate) key_encoding: Option<LitStr>,
    /// `packed = false`: a repeated numeric or enum field written one record
    /// per element.
    #[darling(default)]
    pub(crate) packed: Option<SpannedValue<bool>>,
    #[darling(default)]
    pub(crate) oneof: Flag,
    #[darling(default)]
    pub(crate) unknown_fields: Flag,
    /// `validate(...)`: the field's validation rules.
    #[darling(default)]
    pub(crate) validate: Option<crate::rules::Rules>,
    /// `split`: the repeated field an oversized message is cut along.
    #[darling(default)]
    pub(crate) split: Flag,
}

/// `#[leyline(...)]` on an enumeration variant.
#[derive(Debug, Default, FromMeta)]
pub(crate) struct VariantAttr {
    #[darling(default)]
    pub(crate) name: Option<LitStr>,
}

/// Reads every `#[leyline(...)]` attribute of an item into `T`, with the span
/// of its argument list (`(name = "x")`, where a missing key belongs).
pub(crate) fn parse_leyline_attrs<T: FromMeta + Default>(
    attrs: &[syn::Attribute],
) -> darling::Result<Option<(T, Span)>> {
    let mut found: Option<(T, Span)> = None;
    let mut errors = darling::Error::accumulator();
    for attr in attrs.iter().filter(|a| a.path().is_ident("leyline")) {
        if found.is_some() {
            errors.push(
                darling::Error::custom(
                    "write all leyline options in one `#[leyline(...)]` attribute",
                )
                .with_span(attr),
            );
            continue;
        }
        let Meta::List(list) = &attr.meta else {
            errors.push(
                darling::Error::custom(
                    "write leyline options in parentheses: `#[leyline(key = value, ...)]`",
                )
                .with_span(attr),
            );
            continue;
        };
        if let Some(v) = errors.handle(T::from_meta(&attr.meta)) {
            found = Some((v, list.delimiter.span().join()));
        }
    }
    errors.finish_with(found)
}

/// The doc comment of an item, one line per `///` line.
pub(crate) fn docs(attrs: &[syn::Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let Meta::NameValue(nv) = &attr.meta {
            if let Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) = &nv.value
            {
                let value = s.value();
                // A bare `///` is an empty string, which has no lines: keep it
                // as the blank line that separates paragraphs.
                if value.is_empty() {
                    lines.push(String::new());
                }
                for line in value.lines() {
                    lines.push(line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned());
                }
            }
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    lines.join("\n")
}

/// Removes `#[leyline(...)]` attributes (the macro consumed them).
pub(crate) fn strip_leyline_attrs(attrs: &mut Vec<syn::Attribute>) {
    attrs.retain(|a| !a.path().is_ident("leyline"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
    use quote::quote;
    use syn::parse_quote;

    /// The messages of the errors in `result`.
    fn messages<T>(result: darling::Result<T>) -> Vec<String> {
        result
            .err()
            .into_iter()
            .flatten()
            .map(|e| e.to_string())
            .collect()
    }

    /// `tokens` in an invisible group, as a `macro_rules!` passes a `$x:expr`.
    fn invisible(tokens: TokenStream) -> TokenStream {
        TokenTree::Group(Group::new(Delimiter::None, tokens)).into()
    }

    #[test]
    fn numbers_are_integer_literals_however_wrapped() {
        let grouped: Expr = syn::parse2(invisible(quote!(7))).unwrap();
        let cases: Vec<(Expr, Result<i128, Vec<String>>)> = vec![
            (parse_quote!(3), Ok(3)),
            (parse_quote!(-3), Ok(-3)),
            (parse_quote!((12)), Ok(12)),
            (grouped, Ok(7)),
            (
                parse_quote!(x),
                Err(vec!["expected an integer literal".to_owned()]),
            ),
            (
                parse_quote!(1.5),
                Err(vec!["expected an integer literal".to_owned()]),
            ),
            (
                parse_quote!(1000000000000000000000000000000000000000),
                Err(vec!["number too large to fit in target type".to_owned()]),
            ),
        ];
        for (expr, expected) in cases {
            let read = Number::from_expr(&expr).map(|n| n.value);
            assert_eq!(read.map_err(|e| messages::<()>(Err(e))), expected);
        }
    }

    fn reserved(meta: Meta) -> darling::Result<Vec<(i128, i128, String)>> {
        ReservedList::from_meta(&meta)
            .map(|l| l.0.into_iter().map(|r| (r.start, r.end, r.text)).collect())
    }

    #[test]
    fn reserved_entries_are_numbers_or_ranges_with_both_ends() {
        assert_eq!(
            reserved(parse_quote!(reserved(3, 5..8, 10..=12, -1))).unwrap(),
            [
                (3, 3, "3".to_owned()),
                (5, 7, "5..8".to_owned()),
                (10, 12, "10..=12".to_owned()),
                (-1, -1, "-1".to_owned()),
            ]
        );
        assert_eq!(
            messages(reserved(parse_quote!(reserved = 3))),
            ["expected `reserved(1, 5..=9, ...)`"]
        );
        assert_eq!(
            messages(reserved(parse_quote!(reserved(1 2)))),
            ["expected `,`"]
        );
        let range_ends =
            "reserved ranges need both ends: write `a..=b` (inclusive) or `a..b` (exclusive)";
        assert_eq!(
            messages(reserved(parse_quote!(reserved(1.., ..5, x, 3..y, z..4, 6)))),
            [
                range_ends,
                range_ends,
                "expected an integer literal",
                "expected an integer literal",
                "expected an integer literal",
            ]
        );
    }

    #[test]
    fn reserved_names_are_string_literals() {
        let names = |meta: Meta| {
            NameList::from_meta(&meta).map(|l| l.0.iter().map(LitStr::value).collect::<Vec<_>>())
        };
        assert_eq!(
            names(parse_quote!(reserved_names("a", "b"))).unwrap(),
            ["a", "b"]
        );
        assert_eq!(
            messages(names(parse_quote!(reserved_names("a", 3, b)))),
            [
                "expected a string literal such as \"old_name\"",
                "expected a string literal such as \"old_name\"",
            ]
        );
    }

    #[test]
    fn leyline_options_come_in_one_attribute() {
        let field: syn::Field = parse_quote! {
            #[serde(skip)]
            #[leyline(field = 1)]
            #[leyline(name = "x")]
            a: u32
        };
        let read = parse_leyline_attrs::<FieldAttr>(&field.attrs);
        assert_eq!(
            messages(read),
            ["write all leyline options in one `#[leyline(...)]` attribute"]
        );
        let field: syn::Field = parse_quote! {
            #[leyline(field = 1)]
            a: u32
        };
        let read = parse_leyline_attrs::<FieldAttr>(&field.attrs).unwrap();
        assert_eq!(read.map(|(a, _)| a.field.map(|n| n.value)), Some(Some(1)));
        // Options are written in parentheses.
        let parens = "write leyline options in parentheses: `#[leyline(key = value, ...)]`";
        for variant in [
            parse_quote!(
                #[leyline]
                A
            ),
            parse_quote!(
                #[leyline = "a"]
                A
            ),
        ] {
            let variant: syn::Variant = variant;
            let read = parse_leyline_attrs::<VariantAttr>(&variant.attrs);
            assert_eq!(messages(read), [parens]);
        }
        let variant: syn::Variant = parse_quote!(
            #[leyline()]
            A
        );
        let read = parse_leyline_attrs::<VariantAttr>(&variant.attrs).unwrap();
        assert_eq!(read.map(|(a, _)| a.name.is_none()), Some(true));
        let variant: syn::Variant = parse_quote!(A);
        let read = parse_leyline_attrs::<VariantAttr>(&variant.attrs).unwrap();
        assert_eq!(read.map(|(a, _)| a.name.is_none()), None);
    }

    #[test]
    fn docs_keep_their_lines_and_paragraphs() {
        let item: syn::ItemStruct = parse_quote! {
            ///
            /// First line.
            ///   indented
            #[doc(hidden)]
            #[doc = include_str!("x.md")]
            #[allow(dead_code)]
            ///
            #[doc = " two\n lines  "]
            ///
            ///
            struct S;
        };
        assert_eq!(docs(&item.attrs), "First line.\n  indented\n\ntwo\nlines");
        let item: syn::ItemStruct = parse_quote!(
            struct S;
        );
        assert_eq!(docs(&item.attrs), "");
    }

    #[test]
    fn leyline_attributes_are_stripped_and_others_kept() {
        let mut field: syn::Field = parse_quote! {
            #[serde(skip)]
            #[leyline(field = 1)]
            /// Doc.
            a: u32
        };
        strip_leyline_attrs(&mut field.attrs);
        let left: Vec<String> = field
            .attrs
            .iter()
            .map(|a| a.path().to_token_stream().to_string())
            .collect();
        assert_eq!(left, ["serde", "doc"]);
    }
}
