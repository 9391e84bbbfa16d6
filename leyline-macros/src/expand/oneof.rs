//! Expansion of a checked `#[leyline::oneof]`.

use proc_macro2::TokenStream;
use quote::quote;

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
    for v in &o.variants {
        let vi = &v.ident;
        let n = v.number.value as u32;
        let name = &v.name.value;
        let json = json_name(name);
        let docs = &v.docs;
        let rust = vi.to_string();
        let c = v.elem.codec();
        numbers.push(n);
        fields.push(quote! {
            ::leyline::__private::FieldSchema {
                name: #name,
                json_name: #json,
                number: #n,
                label: ::leyline::__private::Label::Singular,
                ty: <#c as ::leyline::__private::ProtoType>::TYPE,
                packed: false,
                docs: #docs,
                rust_name: #rust,
            }
        });
        len_arms.push(quote! {
            #ident::#vi(v) => ::leyline::__private::key_len(#n) + <#c as ::leyline::__private::ProtoType>::value_len(v),
        });
        len_cached_arms.push(quote! {
            #ident::#vi(v) => ::leyline::__private::key_len(#n) + <#c as ::leyline::__private::ProtoType>::value_len_cached(v, cache),
        });
        encode_cached_arms.push(quote! {
            #ident::#vi(v) => {
                ::leyline::__private::encode_key(#n, <#c as ::leyline::__private::ProtoType>::WIRE_TYPE, buf);
                <#c as ::leyline::__private::ProtoType>::encode_value_cached(v, buf, cache);
            }
        });
        encode_arms.push(quote! {
            #ident::#vi(v) => {
                ::leyline::__private::encode_key(#n, <#c as ::leyline::__private::ProtoType>::WIRE_TYPE, buf);
                <#c as ::leyline::__private::ProtoType>::encode_value(v, buf);
            }
        });
        merge_arms.push(quote! {
            #n => {
                if let ::core::option::Option::Some(#ident::#vi(v)) = slot {
                    return <#c as ::leyline::__private::ProtoType>::merge(v, field, ctx)
                        .map_err(|e| ::leyline::__private::field_error(e, #rust_name, #name));
                }
                let mut v = ::core::default::Default::default();
                <#c as ::leyline::__private::ProtoType>::merge(&mut v, field, ctx)
                    .map_err(|e| ::leyline::__private::field_error(e, #rust_name, #name))?;
                *slot = ::core::option::Option::Some(#ident::#vi(v));
                ::core::result::Result::Ok(())
            }
        });
    }
    let first = numbers.iter().copied().min().unwrap_or(0);
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::leyline::__private::Oneof for #ident {
                const FIELDS: &'static [::leyline::__private::FieldSchema] = &[#(#fields),*];
                const NUMBERS: &'static [u32] = &[#(#numbers),*];
                const FIRST_NUMBER: u32 = #first;
                const RUST_NAME: &'static str = #rust_name;

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

                fn merge(
                    slot: &mut ::core::option::Option<Self>,
                    tag: u32,
                    field: ::leyline::__private::FieldValue<'_>,
                    ctx: ::leyline::__private::DecodeCtx,
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
