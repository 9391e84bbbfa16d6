//! From attribute input to generated code: parse into the model, check every
//! rule, then expand. Expansion reads a checked model and cannot fail; when any
//! check fails, the item is emitted unchanged (minus our attributes) beside the
//! errors, so the user sees our errors rather than a cascade.

use darling::ast::NestedMeta;
use darling::FromMeta;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Item, ItemEnum, ItemStruct};

use crate::attr::{self, EnumArgs, MessageArgs, OneofArgs};
use crate::check;
use crate::model::{Enumeration, Message, Oneof};

mod decode;
mod enumeration;
mod message;
mod oneof;
mod view;

fn parse_args<T: FromMeta>(args: TokenStream) -> darling::Result<T> {
    let list = NestedMeta::parse_meta_list(args).map_err(darling::Error::from)?;
    T::from_list(&list)
}

fn wrong_item(item: &Item, macro_name: &str) -> darling::Error {
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
    darling::Error::custom(hint).with_span(&Span::call_site())
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
        return wrong_item(&item, "message").write_errors();
    };
    let mut errors = darling::Error::accumulator();
    let args: Option<MessageArgs> = errors.handle(parse_args(args));
    let model = args.and_then(|args| {
        let package_span = args.package.span();
        let msg = errors.handle(Message::parse(args, &item))?;
        check::message(&msg, package_span, &mut errors);
        Some(msg)
    });
    strip_fields(&mut item);
    let result = errors.finish();
    match (result, model) {
        (Ok(()), Some(model)) => {
            let view = view::message_view(&model, &item);
            let impls = message::expand(&model, &view);
            let view_decl = &view.decl;
            quote! {
                #[derive(::core::clone::Clone, ::core::cmp::PartialEq, ::core::fmt::Debug, ::core::default::Default)]
                #item
                #view_decl
                #impls
            }
        }
        (Err(e), _) => {
            let errors = e.write_errors();
            quote!(#item #errors)
        }
        (Ok(()), None) => quote!(#item),
    }
}

pub(crate) fn enumeration(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: Item = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let Item::Enum(mut item) = item else {
        return wrong_item(&item, "enumeration").write_errors();
    };
    let mut errors = darling::Error::accumulator();
    let args: Option<EnumArgs> = errors.handle(parse_args(args));
    let model = args.and_then(|args| {
        let package_span = args.package.span();
        let e = errors.handle(Enumeration::parse(args, &item))?;
        check::enumeration(&e, package_span, &mut errors);
        Some(e)
    });
    let result = errors.finish();
    match (result, model) {
        (Ok(()), Some(model)) => {
            strip_variants(&mut item, false);
            let vis = &item.vis;
            let ident = &item.ident;
            let attrs = &item.attrs;
            let variants = item.variants.iter();
            let impls = enumeration::expand(&model);
            quote! {
                #(#attrs)*
                #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
                #vis enum #ident {
                    #(#variants,)*
                    /// A number this build does not declare, kept so that it encodes back unchanged.
                    Unrecognized(i32),
                }
                #impls
            }
        }
        (Err(e), _) => {
            strip_variants(&mut item, true);
            let errors = e.write_errors();
            quote!(#item #errors)
        }
        (Ok(()), None) => quote!(#item),
    }
}

pub(crate) fn oneof(args: TokenStream, input: TokenStream) -> TokenStream {
    let item: Item = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let Item::Enum(mut item) = item else {
        return wrong_item(&item, "oneof").write_errors();
    };
    let mut errors = darling::Error::accumulator();
    let _args: Option<OneofArgs> = errors.handle(parse_args(args));
    let model = errors.handle(Oneof::parse(&item));
    if let Some(o) = &model {
        check::oneof(o, &mut errors);
    }
    strip_variants(&mut item, true);
    let result = errors.finish();
    match (result, model) {
        (Ok(()), Some(model)) => {
            let (view_decl, view_items) = view::oneof_view(&model, &item.vis);
            let impls = oneof::expand(&model, &view_items);
            quote! {
                #[derive(::core::clone::Clone, ::core::cmp::PartialEq, ::core::fmt::Debug)]
                #item
                #view_decl
                #impls
            }
        }
        (Err(e), _) => {
            let errors = e.write_errors();
            quote!(#item #errors)
        }
        (Ok(()), None) => quote!(#item),
    }
}
