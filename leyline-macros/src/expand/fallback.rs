//! Placeholder impls for an item that failed its checks (thiserror's
//! `fallback.rs`). The item is still emitted so that names resolve; these give
//! it every trait the generated code of other items and the user's own code
//! expect, with bodies that are never run (the crate does not compile), so a
//! mistake in one contract is reported once, not again at every use of it.
//!
//! Generic items get none: they are an error themselves, and impls for them
//! would need bounds that could fail on their own.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Generics, Ident};

/// `Clone`, `PartialEq`, `Debug` (and `Default` when asked).
fn std_traits(ident: &Ident, default: bool) -> TokenStream {
    let default = default.then(|| {
        quote! {
            impl ::core::default::Default for #ident {
                fn default() -> Self { ::core::unreachable!() }
            }
        }
    });
    quote! {
        impl ::core::clone::Clone for #ident {
            fn clone(&self) -> Self { ::core::unreachable!() }
        }
        impl ::core::cmp::PartialEq for #ident {
            fn eq(&self, _: &Self) -> bool { ::core::unreachable!() }
        }
        impl ::core::fmt::Debug for #ident {
            fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { ::core::unreachable!() }
        }
        #default
    }
}

/// The `ProtoType` methods, none of them run.
fn proto_type_methods() -> TokenStream {
    quote! {
        fn is_default(_: &Self) -> bool { ::core::unreachable!() }
        fn value_len(_: &Self) -> usize { ::core::unreachable!() }
        fn encode_value(_: &Self, _: &mut impl ::leyline::__private::BufMut) { ::core::unreachable!() }
        fn merge(
            _: &mut Self,
            _: ::leyline::__private::FieldValue<'_>,
            _: ::leyline::__private::DecodeCtx<'_>,
        ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
            ::core::unreachable!()
        }
    }
}

/// For a `#[leyline::message]` with errors: a message contract.
pub(crate) fn message(ident: &Ident, generics: &Generics) -> TokenStream {
    if !generics.params.is_empty() {
        return TokenStream::new();
    }
    let name = ident.to_string();
    let std_traits = std_traits(ident, true);
    let methods = proto_type_methods();
    quote! {
        const _: () = {
            #std_traits

            impl ::leyline::__private::prost::Message for #ident {
                fn encode_raw(&self, _: &mut impl ::leyline::__private::BufMut) { ::core::unreachable!() }
                fn merge_field(
                    &mut self,
                    _: u32,
                    _: ::leyline::__private::WireType,
                    _: &mut impl ::leyline::__private::Buf,
                    _: ::leyline::__private::prost::encoding::DecodeContext,
                ) -> ::core::result::Result<(), ::leyline::__private::prost::DecodeError> {
                    ::core::unreachable!()
                }
                fn encoded_len(&self) -> usize { ::core::unreachable!() }
                fn clear(&mut self) { ::core::unreachable!() }
            }

            impl ::leyline::__private::prost::Name for #ident {
                const NAME: &'static str = #name;
                const PACKAGE: &'static str = "";
            }

            impl ::leyline::__private::Contract for #ident {
                const NAME: &'static str = #name;
                const PACKAGE: &'static str = "";
                const FULL_NAME: &'static str = #name;
                const MAX_ENCODED_LEN: ::core::option::Option<usize> = ::core::option::Option::None;
                type View<'a> = ::leyline::__private::UnavailableView<Self>;
                fn schema() -> &'static ::leyline::__private::MessageSchema { ::core::unreachable!() }
                fn __validate(
                    &self,
                    _: &::leyline::__private::FieldPath<'_>,
                    _: &mut ::leyline::__private::ValidationErrors,
                ) {
                    ::core::unreachable!()
                }
                fn __merge_field(
                    &mut self,
                    _: u32,
                    _: ::leyline::__private::FieldValue<'_>,
                    _: ::leyline::__private::DecodeCtx<'_>,
                ) -> ::core::result::Result<bool, ::leyline::__private::DecodeError> {
                    ::core::unreachable!()
                }
            }

            impl ::leyline::__private::ProtoType for #ident {
                type Value = #ident;
                const WIRE_TYPE: ::leyline::__private::WireType = ::leyline::__private::WireType::LengthDelimited;
                const TYPE: ::leyline::__private::FieldType =
                    ::leyline::__private::FieldType::Message(<#ident as ::leyline::__private::Contract>::schema);
                const IS_MESSAGE: bool = true;
                #methods
            }

            impl ::leyline::__private::Element for #ident {}

            impl ::leyline::__private::ProtoView for #ident {
                type View<'a> = ();
                fn view_merge<'a>(
                    _: &mut (),
                    _: ::leyline::__private::FieldValue<'a>,
                    _: ::leyline::__private::DecodeCtx<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
                    ::core::unreachable!()
                }
                fn view_to_owned(_: &()) -> Self { ::core::unreachable!() }
            }
        };
    }
}

/// For a `#[leyline::enumeration]` with errors: a singular field type, and an
/// `Enumeration` too when every variant is a unit (so the enum can be `Copy`).
pub(crate) fn enumeration(ident: &Ident, generics: &Generics, unit: bool) -> TokenStream {
    if !generics.params.is_empty() {
        return TokenStream::new();
    }
    let std_traits = std_traits(ident, true);
    let methods = proto_type_methods();
    let enumeration = unit.then(|| {
        quote! {
            impl ::core::marker::Copy for #ident {}
            impl ::leyline::__private::Enumeration for #ident {
                fn value(self) -> i32 { ::core::unreachable!() }
                fn from_value(_: i32) -> Self { ::core::unreachable!() }
                fn is_defined(self) -> bool { ::core::unreachable!() }
                fn as_str_name(self) -> ::core::option::Option<&'static str> { ::core::unreachable!() }
                fn from_str_name(_: &str) -> ::core::option::Option<Self> { ::core::unreachable!() }
                fn schema() -> &'static ::leyline::__private::EnumSchema { ::core::unreachable!() }
            }
        }
    });
    quote! {
        const _: () = {
            #std_traits
            impl ::core::cmp::Eq for #ident {}
            impl ::core::hash::Hash for #ident {
                fn hash<H: ::core::hash::Hasher>(&self, _: &mut H) { ::core::unreachable!() }
            }
            #enumeration

            fn __leyline_schema() -> &'static ::leyline::__private::EnumSchema { ::core::unreachable!() }

            impl ::leyline::__private::ProtoType for #ident {
                type Value = #ident;
                const WIRE_TYPE: ::leyline::__private::WireType = ::leyline::__private::WireType::Varint;
                const TYPE: ::leyline::__private::FieldType = ::leyline::__private::FieldType::Enum(__leyline_schema);
                #methods
            }

            impl ::leyline::__private::ProtoView for #ident {
                type View<'a> = ();
                fn view_merge<'a>(
                    _: &mut (),
                    _: ::leyline::__private::FieldValue<'a>,
                    _: ::leyline::__private::DecodeCtx<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
                    ::core::unreachable!()
                }
                fn view_to_owned(_: &()) -> Self { ::core::unreachable!() }
            }
            impl ::leyline::__private::Singular for #ident {}
            impl ::leyline::__private::Element for #ident {}
        };
    }
}

/// For a `#[leyline::oneof]` with errors: a oneof with no variants, so the
/// holding message's number checks find nothing to report.
pub(crate) fn oneof(ident: &Ident, generics: &Generics) -> TokenStream {
    if !generics.params.is_empty() {
        return TokenStream::new();
    }
    let name = ident.to_string();
    let std_traits = std_traits(ident, false);
    quote! {
        const _: () = {
            #std_traits

            impl ::leyline::__private::Oneof for #ident {
                const FIELDS: &'static [::leyline::__private::FieldSchema] = &[];
                const NUMBERS: &'static [u32] = &[];
                const FIRST_NUMBER: u32 = 0;
                const RUST_NAME: &'static str = #name;
                const MAX_ENCODED_LEN: ::core::option::Option<usize> = ::core::option::Option::None;
                type Json = Self;
                fn __json(slot: &::core::option::Option<Self>) -> &::core::option::Option<Self> { slot }
                fn __json_mut(slot: &mut ::core::option::Option<Self>) -> &mut ::core::option::Option<Self> { slot }
                type View<'a> = ();
                fn view_merge<'a>(
                    _: &mut ::core::option::Option<()>,
                    _: u32,
                    _: ::leyline::__private::FieldValue<'a>,
                    _: ::leyline::__private::DecodeCtx<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
                    ::core::unreachable!()
                }
                fn view_to_owned(_: &()) -> Self { ::core::unreachable!() }
                fn encoded_len(&self) -> usize { ::core::unreachable!() }
                fn __validate(
                    &self,
                    _: &::leyline::__private::FieldPath<'_>,
                    _: &mut ::leyline::__private::ValidationErrors,
                ) {
                    ::core::unreachable!()
                }
                fn encode(&self, _: &mut impl ::leyline::__private::BufMut) { ::core::unreachable!() }
                fn encoded_len_cached(&self, _: &mut ::leyline::__private::LenCache) -> usize {
                    ::core::unreachable!()
                }
                fn encode_cached(
                    &self,
                    _: &mut impl ::leyline::__private::BufMut,
                    _: &mut ::leyline::__private::LenCache,
                ) {
                    ::core::unreachable!()
                }
                fn check_depth(
                    &self,
                    _: u32,
                ) -> ::core::result::Result<(), ::leyline::__private::EncodeError> {
                    ::core::unreachable!()
                }
                fn merge(
                    _: &mut ::core::option::Option<Self>,
                    _: u32,
                    _: ::leyline::__private::FieldValue<'_>,
                    _: ::leyline::__private::DecodeCtx<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
                    ::core::unreachable!()
                }
            }
        };
    }
}
