//! From attribute input to generated code: parse into the model, check every
//! rule, then expand. Expansion reads a checked model and cannot fail. When any
//! check fails, the item is emitted (minus our attributes) beside the errors,
//! with placeholder impls (`fallback`) so that code using it still type-checks
//! and the user sees our errors rather than a cascade.

use darling::ast::NestedMeta;
use darling::FromMeta;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned;
use syn::{Item, ItemEnum, ItemStruct};

use crate::attr::{self, EnumArgs, MessageArgs, OneofArgs};
use crate::check;
use crate::diagnostic::into_compile_errors;
use crate::held;
use crate::model::{Enumeration, Message, Oneof};

mod decode;
mod enumeration;
mod fallback;
mod held_oneofs;
mod json;
mod message;
mod oneof;
mod size;
mod validate;
mod view;

/// `expr?` with the error `e` first mapped by `map`, written as a `match`: a
/// `map_err` closure is a type of its own, type-checked, borrow-checked and
/// instantiating `Result::map_err` once for each field of each message.
fn try_map(expr: &TokenStream, map: &TokenStream) -> TokenStream {
    quote! {
        match #expr {
            ::core::result::Result::Ok(__leyline_ok) => __leyline_ok,
            ::core::result::Result::Err(e) => return ::core::result::Result::Err(#map),
        }
    }
}

/// `expr.map_err(|e| map)`, written as a `match` (see [`try_map`]).
fn map_err(expr: &TokenStream, map: &TokenStream) -> TokenStream {
    quote! {
        match #expr {
            ::core::result::Result::Ok(__leyline_ok) => ::core::result::Result::Ok(__leyline_ok),
            ::core::result::Result::Err(e) => ::core::result::Result::Err(#map),
        }
    }
}

fn parse_args<T: FromMeta>(args: TokenStream) -> darling::Result<T> {
    let list = NestedMeta::parse_meta_list(args).map_err(darling::Error::from)?;
    T::from_list(&list)
}

/// The item's keyword (`struct`, `enum`, `union`, `fn`), where a macro applied to the
/// wrong kind of item is reported.
fn keyword_span(item: &Item) -> Span {
    match item {
        Item::Struct(s) => s.struct_token.span,
        Item::Enum(e) => e.enum_token.span,
        Item::Union(u) => u.union_token.span,
        Item::Fn(f) => f.sig.fn_token.span,
        other => other.span(),
    }
}

/// The error for a macro applied to the wrong kind of item, the item unchanged,
/// and placeholder impls for it.
fn wrong_item(item: &Item, macro_name: &str) -> TokenStream {
    let hint = match (macro_name, item) {
        ("message", Item::Enum(_)) => {
            "#[leyline::message] applies to a struct; for an enum of numbers use #[leyline::enumeration], for a choice of fields #[leyline::oneof]"
        }
        ("message", Item::Union(_)) => "#[leyline::message] applies to a struct with named fields, not to a union",
        ("message", _) => "#[leyline::message] applies to a struct with named fields",
        ("enumeration", Item::Struct(_)) => "#[leyline::enumeration] applies to an enum; for a struct use #[leyline::message]",
        ("enumeration", _) => "#[leyline::enumeration] applies to a fieldless enum",
        ("oneof", Item::Struct(_)) => "#[leyline::oneof] applies to an enum; for a struct use #[leyline::message]",
        _ => "#[leyline::oneof] applies to an enum whose variants each hold one value",
    };
    let error = syn::Error::new(keyword_span(item), hint).to_compile_error();
    let fallback = match (item, macro_name) {
        (Item::Struct(s), _) => Some((&s.ident, &s.generics)),
        (Item::Enum(e), _) => Some((&e.ident, &e.generics)),
        (Item::Union(u), _) => Some((&u.ident, &u.generics)),
        _ => None,
    }
    .map(|(ident, generics)| match macro_name {
        "message" => {
            let json = json::fallback_type(ident, generics);
            let fallback = fallback::message(ident, generics);
            quote!(#fallback #json)
        }
        "enumeration" => {
            let json = json::fallback_type(ident, generics);
            let fallback = fallback::enumeration(ident, generics, false);
            quote!(#fallback #json)
        }
        _ => {
            let json = json::fallback_oneof(ident, generics);
            let fallback = fallback::oneof(ident, generics);
            quote!(#fallback #json)
        }
    });
    // A message holding this "oneof" still finds its callback.
    let callback = match (item, macro_name) {
        (Item::Struct(s), "oneof") => Some(held::callback(&s.ident, &s.vis, None)),
        (Item::Union(u), "oneof") => Some(held::callback(&u.ident, &u.vis, None)),
        _ => None,
    };
    quote!(#item #error #fallback #callback)
}

fn strip_fields(item: &mut ItemStruct) {
    for f in item.fields.iter_mut() {
        attr::strip_leyline_attrs(&mut f.attrs);
    }
}

fn strip_variants(item: &mut ItemEnum, keep_discriminants: bool) {
    for v in item.variants.iter_mut() {
        attr::strip_leyline_attrs(&mut v.attrs);
        if !keep_discriminants {
            v.discriminant = None;
        }
    }
}

pub(crate) fn message(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: Item = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let Item::Struct(mut item) = item else {
        return wrong_item(&item, "message");
    };
    let mut errors = darling::Error::accumulator();
    let args: Option<MessageArgs> = errors.handle(parse_args(args));
    let model = Message::parse(args, &item, &mut errors);
    check::message(&model, &mut errors);
    strip_fields(&mut item);
    match errors.finish() {
        Ok(()) => {
            let view = if model.view {
                view::message_view(&model, &item)
            } else {
                view::owned_view(&model)
            };
            let impls = message::expand(&model, &view);
            let json = json::message(&model);
            let view_decl = &view.decl;
            let ident = &item.ident;
            quote! {
                #[derive(::core::clone::Clone, ::core::cmp::PartialEq, ::core::fmt::Debug, ::core::default::Default)]
                #item
                #view_decl
                #impls
                #json
                ::leyline::__private::register! { message #ident }
            }
        }
        Err(e) => {
            let errors = into_compile_errors(e);
            let fallback = fallback::message(&item.ident, &item.generics);
            let json = json::fallback_type(&item.ident, &item.generics);
            let checks = message::checks_only(&model);
            quote!(#item #errors #fallback #json #checks)
        }
    }
}

pub(crate) fn enumeration(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: Item = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let Item::Enum(mut item) = item else {
        return wrong_item(&item, "enumeration");
    };
    let mut errors = darling::Error::accumulator();
    let args: Option<EnumArgs> = errors.handle(parse_args(args));
    let model = Enumeration::parse(args, &item, &mut errors);
    check::enumeration(&model, &mut errors);
    // The discriminants become `value()`: the Rust enum keeps none, so aliases
    // (and, on error, out-of-range or repeated values) do not reach rustc.
    strip_variants(&mut item, false);
    let vis = &item.vis;
    let ident = &item.ident;
    let attrs = &item.attrs;
    let generics = &item.generics;
    let where_clause = &generics.where_clause;
    let variants = item.variants.iter();
    // A variant the user named `Unrecognized` is an error (see `check`); do not
    // add a second one beside it.
    let unrecognized = (!item.variants.iter().any(|v| v.ident == "Unrecognized")).then(|| {
        quote! {
            /// A number this build does not declare, kept so that it encodes back unchanged.
            Unrecognized(i32),
        }
    });
    let declared = quote! {
        #(#attrs)*
        #vis enum #ident #generics #where_clause {
            #(#variants,)*
            #unrecognized
        }
    };
    match errors.finish() {
        Ok(()) => {
            let impls = enumeration::expand(&model);
            let json = json::enumeration(&model);
            quote! {
                #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
                #declared
                #impls
                #json
                ::leyline::__private::register! { enumeration #ident }
            }
        }
        Err(e) => {
            let errors = into_compile_errors(e);
            let unit = item
                .variants
                .iter()
                .all(|v| matches!(v.fields, syn::Fields::Unit));
            let fallback = fallback::enumeration(ident, generics, unit);
            let json = json::fallback_type(ident, generics);
            quote!(#declared #errors #fallback #json)
        }
    }
}

pub(crate) fn oneof(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: Item = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let Item::Enum(mut item) = item else {
        return wrong_item(&item, "oneof");
    };
    let mut errors = darling::Error::accumulator();
    let _args: Option<OneofArgs> = errors.handle(parse_args(args));
    let model = Oneof::parse(&item, &mut errors);
    check::oneof(&model, &mut errors);
    strip_variants(&mut item, true);
    match errors.finish() {
        Ok(()) => {
            let (view_decl, view_items) = view::oneof_view(&model, &item.vis);
            let impls = oneof::expand(&model, &view_items);
            let json = json::oneof(&model);
            let callback = held::callback(&item.ident, &item.vis, Some(held::variants(&model)));
            quote! {
                #[derive(::core::clone::Clone, ::core::cmp::PartialEq, ::core::fmt::Debug)]
                #item
                #view_decl
                #impls
                #json
                #callback
            }
        }
        Err(e) => {
            let errors = into_compile_errors(e);
            let fallback = fallback::oneof(&item.ident, &item.generics);
            let json = json::fallback_oneof(&item.ident, &item.generics);
            let checks = oneof::checks_only(&model);
            let callback = held::callback(&item.ident, &item.vis, None);
            quote!(#item #errors #fallback #json #checks #callback)
        }
    }
}

/// For a type declared with `parent = P`: the constant assertion that `P` is a
/// message at the top of the same package, whose scope the macro computed the
/// type's full name in. Spanned at the path, which is what to change.
fn parent_assertion(parent: &syn::Path, package: &str, name: &str) -> TokenStream {
    let parent_name = crate::model::parent_name(parent);
    let expected = format!("{package}.{parent_name}");
    let message = format!(
        "`parent = {parent_name}` on `{name}`: the parent must be a #[leyline::message] declared at the top of package \"{package}\" (as `{expected}`); leyline nests types one level deep"
    );
    quote::quote_spanned! {parent.span()=>
        const _: () = ::core::assert!(
            ::leyline::__private::str_eq(
                <#parent as ::leyline::__private::Contract>::FULL_NAME,
                #expected,
            ),
            #message
        );
    }
}

/// `held_oneofs!`: the rules between a message and its oneofs, and the
/// message's encoding in field-number order (see `crate::held`).
pub(crate) fn held_oneofs(input: TokenStream) -> TokenStream {
    held_oneofs::expand(input)
}
#[cfg(test)]
mod tests {
    use quote::{quote, ToTokens};

    use super::*;

    /// What an expansion holds: the messages of its `compile_error!`s, and
    /// the head of each other item (its tokens up to the first `{`, `;` or `=`).
    fn read(out: TokenStream) -> (Vec<String>, Vec<String>) {
        let file: syn::File = syn::parse2(out).unwrap();
        let (mut errors, mut items) = (Vec::new(), Vec::new());
        for item in &file.items {
            let text = item.to_token_stream().to_string();
            let head = text
                .split(['{', ';', '='])
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned();
            match item {
                Item::Macro(m) if head == ":: core :: compile_error !" => {
                    errors.push(m.mac.parse_body::<syn::LitStr>().unwrap().value());
                }
                _ => items.push(head),
            }
        }
        (errors, items)
    }

    /// A macro's expansion function: arguments, item.
    type Expand = fn(TokenStream, TokenStream) -> TokenStream;

    const CALLBACK: &str =
        "# [doc (hidden)] # [allow (unused_macros)] macro_rules ! __leyline_oneof_S";

    #[test]
    fn a_macro_on_the_wrong_item_says_which_item_it_applies_to() {
        let placeholders = |item: &str| {
            vec![
                item.to_owned(),
                "const _ : ()".to_owned(),
                "const _ : ()".to_owned(),
            ]
        };
        let cases: Vec<(Expand, TokenStream, &str, Vec<String>)> = vec![
            (message, quote!(enum S { A }), "#[leyline::message] applies to a struct; for an enum of numbers use #[leyline::enumeration], for a choice of fields #[leyline::oneof]", placeholders("enum S")),
            (message, quote!(union S { a: u32 }), "#[leyline::message] applies to a struct with named fields, not to a union", placeholders("union S")),
            (message, quote!(fn s() {}), "#[leyline::message] applies to a struct with named fields", vec!["fn s ()".to_owned()]),
            (enumeration, quote!(struct S;), "#[leyline::enumeration] applies to an enum; for a struct use #[leyline::message]", vec!["struct S".to_owned(), "const _ : ()".to_owned(), "const _ : ()".to_owned()]),
            (enumeration, quote!(union S { a: u32 }), "#[leyline::enumeration] applies to a fieldless enum", placeholders("union S")),
            (oneof, quote!(struct S { a: u32 }), "#[leyline::oneof] applies to an enum; for a struct use #[leyline::message]", vec!["struct S".to_owned(), "const _ : ()".to_owned(), "const _ : ()".to_owned(), CALLBACK.to_owned(), "# [doc (hidden)] # [allow (unused_imports)] use __leyline_oneof_S as S".to_owned()]),
            (oneof, quote!(pub union S { a: u32 }), "#[leyline::oneof] applies to an enum whose variants each hold one value", vec!["pub union S".to_owned(), "const _ : ()".to_owned(), "const _ : ()".to_owned(), CALLBACK.to_owned(), "# [doc (hidden)] # [allow (unused_imports)] pub (crate) use __leyline_oneof_S as S".to_owned()]),
            (oneof, quote!(const S: u32 = 1;), "#[leyline::oneof] applies to an enum whose variants each hold one value", vec!["const S : u32".to_owned()]),
        ];
        for (expand, item, error, items) in cases {
            let shown = item.to_string();
            assert_eq!(
                read(expand(quote!(package = "a.v1"), item)),
                (vec![error.to_owned()], items),
                "{shown}"
            );
        }
    }

    #[test]
    fn input_that_is_no_item_is_a_syntax_error() {
        for expand in [message, enumeration, oneof] {
            let (errors, items) = read(expand(TokenStream::new(), quote!(struct)));
            assert_eq!(
                (errors, items),
                (
                    vec!["unexpected end of input, expected identifier".to_owned()],
                    vec![]
                )
            );
        }
    }

    #[test]
    fn a_generic_item_with_errors_gets_no_placeholder_impls() {
        // A placeholder impl could not name the type without its parameters:
        // the item is kept, with its error, and nothing else but the callback.
        let (errors, items) = read(enumeration(
            quote!(package = "a.v1"),
            quote!(
                enum S<T> {
                    A = 0,
                }
            ),
        ));
        assert_eq!(errors, ["a #[leyline::enumeration] enum cannot be generic: a protobuf contract has one fixed schema; declare a concrete type"]);
        assert_eq!(items, ["enum S < T >"]);
        let (errors, items) = read(oneof(
            TokenStream::new(),
            quote!(
                enum S<T> {
                    #[leyline(field = 1)]
                    A(T),
                }
            ),
        ));
        assert_eq!(errors, ["a #[leyline::oneof] enum cannot be generic: a protobuf contract has one fixed schema; declare a concrete type"]);
        assert_eq!(
            items,
            [
                "enum S < T >",
                "const _ : ()",
                CALLBACK,
                "# [doc (hidden)] # [allow (unused_imports)] use __leyline_oneof_S as S"
            ]
        );
    }
}
