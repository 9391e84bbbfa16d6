//! Expansion of a checked `#[leyline::enumeration]`.
//!
//! The enum keeps its variants (without discriminants, so aliases can exist) and
//! gains `Unrecognized(i32)`: proto3 enums are open, and a number this build does
//! not know must survive decode and re-encode. Equality and hashing go by number.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Enumeration;

pub(crate) fn expand(e: &Enumeration) -> TokenStream {
    let ident = &e.ident;
    let name = ident.to_string();
    let package = &e.package;
    let full_name = e.full_name();
    let parent_check = e
        .parent
        .as_ref()
        .map(|parent| super::parent_assertion(parent, package, &name));
    let docs = &e.docs;

    let mut seen = std::collections::HashSet::new();
    let mut value_arms = Vec::new();
    let mut from_arms = Vec::new();
    let mut str_arms = Vec::new();
    let mut from_str_arms = Vec::new();
    let mut schema_values = Vec::new();
    for v in &e.variants {
        let vi = &v.ident;
        let n = v.value.value as i32;
        let vname = &v.name.value;
        value_arms.push(quote!(#ident::#vi => #n,));
        from_str_arms.push(quote!(#vname => ::core::option::Option::Some(#ident::#vi),));
        if seen.insert(n) {
            from_arms.push(quote!(#n => #ident::#vi,));
            str_arms.push(quote!(#n => ::core::option::Option::Some(#vname),));
        }
        let vdocs = &v.docs;
        let rust = vi.to_string();
        schema_values.push(quote! {
            ::leyline::__private::EnumValueSchema { name: #vname, number: #n, docs: #vdocs, rust_name: #rust }
        });
    }
    let defined: Vec<i32> = {
        let mut d: Vec<i32> = seen.into_iter().collect();
        d.sort_unstable();
        d
    };
    let first = &e.variants[0].ident;
    let allow_alias = e.allow_alias.is_some();
    let reserved_ranges = e.reserved.iter().map(|r| {
        let (s, end) = (r.start as i64, r.end as i64);
        quote!(::leyline::__private::ReservedRange { start: #s, end: #end })
    });
    let reserved_names = e.reserved_names.iter();
    let enum_view = super::view::enum_view(ident);
    let defined_in = match &e.well_known {
        Some(file) => quote!(::core::option::Option::Some(#file)),
        None => quote!(::core::option::Option::None),
    };

    quote! {
        const _: () = {
            #parent_check

            #[automatically_derived]
            impl ::core::cmp::PartialEq for #ident {
                #[inline]
                fn eq(&self, other: &Self) -> bool {
                    self.value() == other.value()
                }
            }

            #[automatically_derived]
            impl ::core::cmp::Eq for #ident {}

            #[automatically_derived]
            impl ::core::hash::Hash for #ident {
                fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
                    self.value().hash(state);
                }
            }

            #[automatically_derived]
            impl ::core::default::Default for #ident {
                #[inline]
                fn default() -> Self {
                    #ident::#first
                }
            }

            #[automatically_derived]
            impl #ident {
                /// Every number this enumeration declares, ascending.
                pub const DEFINED_VALUES: &'static [i32] = &[#(#defined),*];

                /// The number of this value on the wire.
                #[inline]
                pub const fn value(self) -> i32 {
                    match self {
                        #(#value_arms)*
                        #ident::Unrecognized(n) => n,
                    }
                }

                /// The value for a wire number; numbers this build does not know
                /// become `Unrecognized(n)` (and encode back to `n`).
                #[inline]
                pub const fn from_value(value: i32) -> Self {
                    match value {
                        #(#from_arms)*
                        n => #ident::Unrecognized(n),
                    }
                }

                /// Whether the number is one this enumeration declares.
                #[inline]
                pub const fn is_defined(self) -> bool {
                    !matches!(Self::from_value(self.value()), #ident::Unrecognized(_))
                }

                /// The proto name of this value (the first, for aliases); `None` when unrecognized.
                pub const fn as_str_name(self) -> ::core::option::Option<&'static str> {
                    match self.value() {
                        #(#str_arms)*
                        _ => ::core::option::Option::None,
                    }
                }

                /// The value with this proto name.
                pub fn from_str_name(name: &str) -> ::core::option::Option<Self> {
                    match name {
                        #(#from_str_arms)*
                        _ => ::core::option::Option::None,
                    }
                }
            }

            #[automatically_derived]
            impl ::core::convert::From<#ident> for i32 {
                #[inline]
                fn from(value: #ident) -> i32 {
                    value.value()
                }
            }

            #[automatically_derived]
            impl ::core::convert::From<i32> for #ident {
                #[inline]
                fn from(value: i32) -> Self {
                    #ident::from_value(value)
                }
            }

            #[automatically_derived]
            impl ::leyline::__private::Enumeration for #ident {
                #[inline]
                fn value(self) -> i32 {
                    #ident::value(self)
                }
                #[inline]
                fn from_value(value: i32) -> Self {
                    #ident::from_value(value)
                }
                #[inline]
                fn is_defined(self) -> bool {
                    #ident::is_defined(self)
                }
                fn as_str_name(self) -> ::core::option::Option<&'static str> {
                    #ident::as_str_name(self)
                }
                fn from_str_name(name: &str) -> ::core::option::Option<Self> {
                    #ident::from_str_name(name)
                }
                fn schema() -> &'static ::leyline::__private::EnumSchema {
                    static SCHEMA: ::leyline::__private::EnumSchema = ::leyline::__private::EnumSchema {
                        name: #name,
                        package: #package,
                        full_name: #full_name,
                        defined_in: #defined_in,
                        docs: #docs,
                        values: &[#(#schema_values),*],
                        allow_alias: #allow_alias,
                        reserved_ranges: &[#(#reserved_ranges),*],
                        reserved_names: &[#(#reserved_names),*],
                    };
                    &SCHEMA
                }
            }

            #[automatically_derived]
            impl ::leyline::__private::ProtoType for #ident {
                type Value = #ident;
                const WIRE_TYPE: ::leyline::__private::WireType = ::leyline::__private::WireType::Varint;
                const TYPE: ::leyline::__private::FieldType =
                    ::leyline::__private::FieldType::Enum(<#ident as ::leyline::__private::Enumeration>::schema);
                const PACKED: bool = true;
                const MAX_VALUE_LEN: ::core::option::Option<usize> = ::core::option::Option::Some(10);

                #[inline]
                fn is_default(value: &Self) -> bool {
                    value.value() == 0
                }
                #[inline]
                fn value_len(value: &Self) -> usize {
                    ::leyline::__private::enum_value_len(value)
                }
                #[inline]
                fn encode_value(value: &Self, buf: &mut impl ::leyline::__private::BufMut) {
                    ::leyline::__private::encode_enum_value(value, buf)
                }
                #[inline]
                fn encode_field_cached(
                    tag: u32,
                    value: &Self,
                    buf: &mut impl ::leyline::__private::BufMut,
                    _cache: &mut ::leyline::__private::LenCache,
                ) {
                    ::leyline::__private::encode_enum_field(tag, value, buf)
                }
                #[inline]
                fn merge(
                    value: &mut Self,
                    field: ::leyline::__private::FieldValue<'_>,
                    _ctx: ::leyline::__private::DecodeCtx<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
                    ::leyline::__private::merge_enum_value(value, field)
                }
                #[inline]
                fn merge_repeated(
                    values: &mut ::leyline::__private::Vec<Self>,
                    field: ::leyline::__private::FieldValue<'_>,
                    ctx: ::leyline::__private::DecodeCtx<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
                    ::leyline::__private::merge_enum_repeated(values, field, ctx)
                }
            }

            #[automatically_derived]
            impl ::leyline::__private::Singular for #ident {}

            #[automatically_derived]
            impl ::leyline::__private::Element for #ident {}

            #enum_view
        };
    }
}
