//! Expansion of size bounds and splitting: `MAX_ENCODED_LEN` of messages and
//! oneofs (constant expressions over `leyline::size`), `MAX_SIZE` with its
//! compile-time assertion against the bound, and `__split` for a message with
//! a `split` field.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};

use crate::model::{FieldKind, Message, Oneof};
use crate::rules::{Rules, ValueKind};
use crate::ty::{Elem, Shape};

/// The bound of one value (after its key) of element type `e` under `rules`.
fn value_bound(e: &Elem, rules: Option<&Rules>) -> TokenStream {
    let default = e.proto("MAX_VALUE_LEN");
    let Some(rules) = rules else { return default };
    let lit = |n: u64| Literal::u64_unsuffixed(n);
    match ValueKind::of(e) {
        ValueKind::String => {
            if let Some(n) = &rules.len {
                let n = lit(n.value);
                quote!(::leyline::__private::size::string_value(#n))
            } else if rules.uuid.is_some() {
                quote!(::leyline::__private::size::bytes_value(36))
            } else if let Some(n) = &rules.max_len {
                let n = lit(n.value);
                quote!(::leyline::__private::size::string_value(#n))
            } else {
                default
            }
        }
        ValueKind::Bytes => match rules.len.as_ref().or(rules.max_len.as_ref()) {
            Some(n) => {
                let n = lit(n.value);
                quote!(::leyline::__private::size::bytes_value(#n))
            }
            None => default,
        },
        _ => default,
    }
}

/// `MAX_ENCODED_LEN` of a message, as a constant expression.
pub(crate) fn message_bound(msg: &Message) -> TokenStream {
    let mut terms = Vec::new();
    for f in &msg.fields {
        terms.push(match &f.kind {
            FieldKind::Plain { number, shape, .. } => {
                let n = number.value as u32;
                match shape {
                    Shape::Singular(e) | Shape::Optional(e) => {
                        let v = value_bound(e, Some(&f.rules));
                        quote!(::leyline::__private::size::field(#n, #v))
                    }
                    Shape::Repeated(e) => match &f.rules.max_items {
                        Some(max) => {
                            let packed = e.proto("PACKED");
                            let v = value_bound(e, f.rules.items.as_ref().map(|r| &*r.value));
                            let max = Literal::u64_unsuffixed(max.value);
                            let unpacked = e.unpacked.is_some();
                            quote! {
                                ::leyline::__private::size::repeated(
                                    #n,
                                    #packed && !#unpacked,
                                    #v,
                                    #max,
                                )
                            }
                        }
                        None => quote!(::core::option::Option::None),
                    },
                    Shape::Map { key, value } => match &f.rules.max_pairs {
                        Some(max) => {
                            let k = value_bound(key, f.rules.keys.as_ref().map(|r| &*r.value));
                            let v = value_bound(value, f.rules.values.as_ref().map(|r| &*r.value));
                            let max = Literal::u64_unsuffixed(max.value);
                            quote!(::leyline::__private::size::map(#n, #k, #v, #max))
                        }
                        None => quote!(::core::option::Option::None),
                    },
                }
            }
            FieldKind::Oneof { oneof_ty, .. } => {
                let oneof = crate::ty::oneof_trait(oneof_ty);
                quote_spanned!(crate::ty::at_type(oneof_ty)=> #oneof::MAX_ENCODED_LEN)
            }
            // Unknown fields are not in the schema: nothing bounds them.
            FieldKind::Unknown | FieldKind::Unusable { .. } => quote!(::core::option::Option::None),
        });
    }
    quote! {
        {
            let __leyline_bound: ::core::option::Option<usize> = ::core::option::Option::Some(0);
            #(let __leyline_bound = ::leyline::__private::size::add(__leyline_bound, #terms);)*
            __leyline_bound
        }
    }
}

/// `MAX_ENCODED_LEN` of a oneof: the largest variant, key included.
pub(crate) fn oneof_bound(o: &Oneof) -> TokenStream {
    let terms = o.variants.iter().map(|v| {
        let n = v.number.value as u32;
        let b = value_bound(&v.elem, Some(&v.rules));
        quote!(::leyline::__private::size::field(#n, #b))
    });
    quote! {
        {
            let __leyline_bound: ::core::option::Option<usize> = ::core::option::Option::Some(0);
            #(let __leyline_bound = ::leyline::__private::size::max(__leyline_bound, #terms);)*
            __leyline_bound
        }
    }
}

/// `const MAX_SIZE` for the Contract impl, and the assertion (an item for the
/// expansion's `const _` block) that the static bound does not exceed it.
pub(crate) fn max_size(msg: &Message) -> (TokenStream, TokenStream) {
    let Some(n) = &msg.max_size else {
        return (TokenStream::new(), TokenStream::new());
    };
    let ident = &msg.ident;
    let name = msg.name();
    let value = Literal::u64_unsuffixed(n.value as u64);
    let constant = quote! {
        const MAX_SIZE: ::core::option::Option<usize> = ::core::option::Option::Some(#value);
    };
    let assertion = quote_spanned! {n.span=>
        const _: () = ::leyline::__private::size::assert_max_size(
            <#ident as ::leyline::__private::Contract>::MAX_ENCODED_LEN,
            #value,
            #name,
        );
    };
    (constant, assertion)
}

/// `fn __split_field` for a message with a `split` field.
pub(crate) fn split(msg: &Message) -> TokenStream {
    let Some((split, number, elem)) = msg.fields.iter().find_map(|f| match (&f.kind, f.split) {
        (
            FieldKind::Plain {
                number,
                shape: Shape::Repeated(e),
                ..
            },
            Some(_),
        ) => Some((&f.ident, number.value as u32, e)),
        _ => None,
    }) else {
        return TokenStream::new();
    };
    let others = msg.fields.iter().map(|f| &f.ident).filter(|i| *i != split);
    let c = elem.codec();
    let constructor = if elem.unpacked.is_some() {
        quote!(unpacked)
    } else {
        quote!(new)
    };
    let split_field =
        quote_spanned!(elem.span()=> ::leyline::__private::SplitField::#constructor::<#c>);
    quote! {
        fn __split_field(&self) -> ::core::option::Option<::leyline::__private::SplitField<'_, Self>> {
            let __leyline_base = Self {
                #(#others: ::core::clone::Clone::clone(&self.#others),)*
                #split: ::core::default::Default::default(),
            };
            ::core::option::Option::Some(#split_field(
                __leyline_base,
                #number,
                &self.#split,
            ))
        }
    }
}
