//! Expansion of a checked `#[leyline::oneof]`.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

use crate::check::json_name;
use crate::model::Oneof;

pub(crate) fn expand(o: &Oneof, view_items: &TokenStream) -> TokenStream {
    let ident = &o.ident;
    let rust_name = ident.to_string();
    let mut fields = Vec::new();
    let mut numbers = Vec::new();
    let mut len_arms = Vec::new();
    let mut encode_arms = Vec::new();
    let mut len_cached_arms = Vec::new();
    let mut encode_cached_arms = Vec::new();
    let mut merge_arms = Vec::new();
    let mut depth_arms = Vec::new();
    for v in &o.variants {
        let vi = &v.ident;
        let n = v.number.value as u32;
        let name = &v.name.value;
        let json = json_name(name);
        let docs = &v.docs;
        let rust = vi.to_string();
        let (ty, value_len, wire_type, encode_value, merge) = (
            v.elem.proto("TYPE"),
            v.elem.proto("value_len"),
            v.elem.proto("WIRE_TYPE"),
            v.elem.proto("encode_value"),
            v.elem.proto("merge"),
        );
        numbers.push(n);
        fields.push(quote! {
            ::leyline::__private::FieldSchema {
                name: #name,
                json_name: #json,
                number: #n,
                label: ::leyline::__private::Label::Singular,
                ty: #ty,
                packed: false,
                docs: #docs,
                rust_name: #rust,
            }
        });
        // Calls naming the variant's codec are spanned at its type, their
        // arguments included, so a type that is not a `ProtoType` is reported
        // once, there (see `Elem::proto`).
        let span = v.elem.span();
        let val = syn::Ident::new("__leyline_value", span);
        let (buf, field, ctx) = (local("buf"), local("field"), local("ctx"));
        let len = quote_spanned!(span=> #value_len(#val));
        len_arms.push(quote! {
            #ident::#vi(#val) => ::leyline::__private::key_len(#n) + #len,
        });
        let encode = quote_spanned!(span=> #encode_value(#val, #buf));
        let (value_len_cached, encode_field_cached) = (
            v.elem.proto("value_len_cached"),
            v.elem.proto("encode_field_cached"),
        );
        let len_cached = quote_spanned!(span=> #value_len_cached(#val, cache));
        len_cached_arms.push(quote! {
            #ident::#vi(#val) => ::leyline::__private::key_len(#n) + #len_cached,
        });
        let encode_cached = quote_spanned!(span=> #encode_field_cached(#n, #val, #buf, cache));
        encode_cached_arms.push(quote! {
            #ident::#vi(#val) => #encode_cached,
        });
        encode_arms.push(quote! {
            #ident::#vi(#val) => {
                ::leyline::__private::encode_key(#n, #wire_type, buf);
                #encode;
            }
        });
        let check_depth = v.elem.proto("check_depth");
        let depth_left = local("depth_left");
        let depth = quote_spanned!(span=> #check_depth(#val, #depth_left));
        let depth = super::map_err(
            &depth,
            &quote!(::leyline::__private::field_encode_error(e, #rust_name, #name)),
        );
        depth_arms.push(quote!(#ident::#vi(#val) => #depth,));
        let merge_into = quote_spanned!(span=> #merge(#val, #field, #ctx));
        let merge_new = quote_spanned!(span=> #merge(&mut #val, #field, #ctx));
        // A new value's allocation (a `Box`'s) counts against the decode's
        // memory budget first.
        let new_value = v.elem.helper("new_value");
        let new_value = quote_spanned!(span=> #new_value(#ctx));
        let in_field = quote!(::leyline::__private::field_error(e, #rust_name, #name));
        let merge_into = super::map_err(&merge_into, &in_field);
        let new_value = super::try_map(&new_value, &in_field);
        let merge_new = super::try_map(&merge_new, &in_field);
        merge_arms.push(quote! {
            #n => {
                if let ::core::option::Option::Some(#ident::#vi(#val)) = slot {
                    return #merge_into;
                }
                let mut #val = #new_value;
                #merge_new;
                *slot = ::core::option::Option::Some(#ident::#vi(#val));
                ::core::result::Result::Ok(())
            }
        });
    }
    let first = numbers.iter().copied().min().unwrap_or(0);
    let bound = super::size::oneof_bound(o);
    let validate_body = super::validate::oneof_body(o);
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::leyline::__private::Oneof for #ident {
                const FIELDS: &'static [::leyline::__private::FieldSchema] = &[#(#fields),*];
                const NUMBERS: &'static [u32] = &[#(#numbers),*];
                const FIRST_NUMBER: u32 = #first;
                const RUST_NAME: &'static str = #rust_name;
                const MAX_ENCODED_LEN: ::core::option::Option<usize> = #bound;
                type Json = Self;
                fn __json(slot: &::core::option::Option<Self>) -> &::core::option::Option<Self> { slot }
                fn __json_mut(slot: &mut ::core::option::Option<Self>) -> &mut ::core::option::Option<Self> { slot }

                #[inline]
                fn encoded_len(&self) -> usize {
                    match self {
                        #(#len_arms)*
                    }
                }

                #[inline]
                fn encode(&self, buf: &mut impl ::leyline::__private::BufMut) {
                    match self {
                        #(#encode_arms)*
                    }
                }

                fn __validate(
                    &self,
                    path: &::leyline::__private::FieldPath<'_>,
                    errors: &mut ::leyline::__private::ValidationErrors,
                ) {
                    #validate_body
                }

                #view_items

                #[inline]
                fn encoded_len_cached(&self, cache: &mut ::leyline::__private::LenCache) -> usize {
                    match self {
                        #(#len_cached_arms)*
                    }
                }

                #[inline]
                fn encode_cached(
                    &self,
                    buf: &mut impl ::leyline::__private::BufMut,
                    cache: &mut ::leyline::__private::LenCache,
                ) {
                    match self {
                        #(#encode_cached_arms)*
                    }
                }

                fn check_depth(
                    &self,
                    depth_left: u32,
                ) -> ::core::result::Result<(), ::leyline::__private::EncodeError> {
                    match self {
                        #(#depth_arms)*
                    }
                }

                fn merge(
                    slot: &mut ::core::option::Option<Self>,
                    tag: u32,
                    field: ::leyline::__private::FieldValue<'_>,
                    ctx: ::leyline::__private::DecodeCtx<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
                    match tag {
                        #(#merge_arms)*
                        _ => ::core::result::Result::Ok(()),
                    }
                }
            }
        };
    }
}

/// A local of the generated method (`buf`, `field`, `ctx`), to pass inside a
/// call spanned at a variant's type.
fn local(name: &str) -> syn::Ident {
    syn::Ident::new(name, Span::call_site())
}

/// For a oneof with errors: only the check that each parsed variant's type is
/// a `ProtoType`, so that its error comes out of the same compile.
pub(crate) fn checks_only(o: &Oneof) -> TokenStream {
    let checks = o.variants.iter().map(|v| {
        let ty = v.elem.proto("TYPE");
        quote_spanned!(v.elem.span()=> const _: ::leyline::__private::FieldType = #ty;)
    });
    quote! {
        const _: () = {
            #(#checks)*
        };
    }
}
