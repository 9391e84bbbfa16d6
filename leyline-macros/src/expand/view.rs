//! Expansion of the borrowed views: `XView<'a>` beside every message `X` and
//! oneof `X`, and `ProtoView` for messages and enumerations (the runtime side
//! is `leyline::view`).
//!
//! A view has the fields of its message, each typed by the field's
//! `ProtoView` (`&'a str` for strings, `&'a [u8]` for bytes, the nested view
//! for messages), repeated and map fields as `Repeated` and `MapView`. Its
//! decoder follows the owned decoder record for record, so both accept and
//! reject the same input with the same errors.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::{Fields, ItemStruct, Visibility};

use crate::model::{FieldKind, Message, Oneof};
use crate::ty::{respan, Shape};

/// The view struct of a message (declared beside it) and the items that go
/// inside the expansion's `const _` (impls) and into its `Contract` impl.
pub(crate) struct MessageView {
    pub(crate) decl: TokenStream,
    pub(crate) impls: TokenStream,
    pub(crate) contract_items: TokenStream,
}

fn field_vis<'a>(item: &'a ItemStruct, ident: &syn::Ident) -> Option<&'a Visibility> {
    match &item.fields {
        Fields::Named(named) => named
            .named
            .iter()
            .find(|f| f.ident.as_ref() == Some(ident))
            .map(|f| &f.vis),
        _ => None,
    }
}

/// `merge(&mut self.field, field, ctx)`, spanned at the field's type like
/// every other use of its codec (`merge` names it so already).
fn merge_call(span: Span, merge: TokenStream, fi: &syn::Ident) -> TokenStream {
    let fi = field_at(fi, span);
    quote_spanned!(span=> #merge(&mut self.#fi, field, ctx))
}

/// The field's name, at `span` (a field is found by name whatever its span).
fn field_at(fi: &syn::Ident, span: Span) -> syn::Ident {
    let mut fi = fi.clone();
    fi.set_span(span);
    fi
}

fn doc_attr(docs: &str, fallback: String) -> TokenStream {
    let text = if docs.trim().is_empty() {
        fallback
    } else {
        docs.to_owned()
    };
    quote!(#[doc = #text])
}

pub(crate) fn message_view(msg: &Message, item: &ItemStruct) -> MessageView {
    let ident = &msg.ident;
    let view = format_ident!("{}View", ident);
    let vis = &item.vis;
    let name = msg.name();
    let inherited = Visibility::Inherited;

    let mut fields = Vec::new();
    let mut debug_fields = Vec::new();
    let mut owned = Vec::new();
    let mut merge_arms = Vec::new();
    let mut oneof_arms = Vec::new();
    let mut known = Vec::new();
    let mut consts = Vec::new();
    let mut key_arms = Vec::new();
    let mut clones = Vec::new();
    let mut defaults = Vec::new();
    // The first field whose type the macro cannot vouch for (see `by_value`).
    let mut suspect: Option<Span> = None;
    let mut unknown = None;
    // Whether a field records where its records lie (repeated and map fields).
    let mut spans = false;
    for f in &msg.fields {
        let fi = &f.ident;
        let fvis = field_vis(item, fi).unwrap_or(&inherited);
        match &f.kind {
            FieldKind::Plain {
                number,
                name: pname,
                shape,
            } => {
                let n = u32::try_from(number.value).unwrap_or(0);
                let fname = &pname.value;
                let doc = doc_attr(&f.docs, format!("`{fname}` of the viewed message."));
                let (ty, merge, to_owned, wire) = match shape {
                    Shape::Singular(e) => {
                        let c = e.codec();
                        (
                            quote_spanned!(e.span()=> <#c as ::leyline::__private::ProtoView>::View<'a>),
                            merge_call(
                                e.span(),
                                quote_spanned!(e.span()=> <#c as ::leyline::__private::ProtoView>::view_merge),
                                fi,
                            ),
                            {
                                let f = quote_spanned!(e.span()=> <#c as ::leyline::__private::ProtoView>::view_to_owned);
                                quote!(#f(&self.#fi))
                            },
                            quote_spanned!(e.span()=> <#c as ::leyline::__private::ProtoType>::WIRE_TYPE as u64),
                        )
                    }
                    Shape::Optional(e) => {
                        let c = e.codec();
                        (
                            quote_spanned!(e.span()=> ::core::option::Option<<#c as ::leyline::__private::ProtoView>::View<'a>>),
                            merge_call(
                                e.span(),
                                quote_spanned!(e.span()=> ::leyline::__private::view_merge_optional::<#c>),
                                fi,
                            ),
                            {
                                let f = quote_spanned!(e.span()=> <#c as ::leyline::__private::ProtoView>::view_to_owned);
                                quote!(self.#fi.as_ref().map(#f))
                            },
                            quote_spanned!(e.span()=> <#c as ::leyline::__private::ProtoType>::WIRE_TYPE as u64),
                        )
                    }
                    Shape::Repeated(e) => {
                        let c = e.codec();
                        let unpacked = e.unpacked.is_some();
                        spans = true;
                        (
                            quote_spanned!(e.span()=> ::leyline::__private::Repeated<'a, #c>),
                            quote!(self.#fi.__push(bytes, __leyline_at, __leyline_r.position(), #n, field, ctx)),
                            quote!(self.#fi.to_vec()),
                            quote_spanned! {e.span()=>
                                if <#c as ::leyline::__private::ProtoType>::PACKED && !#unpacked {
                                    ::leyline::__private::WireType::LengthDelimited as u64
                                } else {
                                    <#c as ::leyline::__private::ProtoType>::WIRE_TYPE as u64
                                }
                            },
                        )
                    }
                    Shape::Map { key, value } => {
                        let (k, v) = (key.codec(), value.codec());
                        spans = true;
                        (
                            quote_spanned!(value.span()=> ::leyline::__private::MapView<'a, #k, #v>),
                            quote!(self.#fi.__push(bytes, __leyline_at, __leyline_r.position(), #n, field, ctx)),
                            quote!(self.#fi.to_map()),
                            quote!(::leyline::__private::WireType::LengthDelimited as u64),
                        )
                    }
                };
                let key = format_ident!("__LEYLINE_KEY_{}", consts.len());
                consts.push(quote!(const #key: u64 = ((#n as u64) << 3) | (#wire);));
                key_arms.push(quote! {
                    #key => (#n, __leyline_r.read_known_value(#n, (#key & 7) as u8, ctx)?),
                });
                // Everything naming the field is spanned at its type, as its
                // codec is: a type that is not a `ProtoType` is reported there,
                // once, however many of these uses ask about it.
                let span = match shape {
                    Shape::Singular(e) | Shape::Optional(e) | Shape::Repeated(e) => e.span(),
                    Shape::Map { value, .. } => value.span(),
                };
                let vouched = match shape {
                    Shape::Singular(e) | Shape::Optional(e) | Shape::Repeated(e) => {
                        e.builtin.is_some()
                    }
                    Shape::Map { value, .. } => value.builtin.is_some(),
                };
                if !vouched && suspect.is_none() {
                    suspect = Some(span);
                }
                let (fvis, fi_at) = (respan(fvis.to_token_stream(), span), field_at(fi, span));
                fields.push(quote_spanned!(span=> #doc #fvis #fi_at: #ty,));
                let fname_str = fi.to_string();
                debug_fields.push(quote_spanned!(span=> .field(#fname_str, &self.#fi_at)));
                owned.push(quote_spanned!(span=> #fi_at: #to_owned,));
                clones.push(
                    quote_spanned!(span=> #fi_at: ::core::clone::Clone::clone(&self.#fi_at),),
                );
                defaults.push(quote_spanned!(span=> #fi_at: ::core::default::Default::default(),));
                let merge = super::try_map(
                    &merge,
                    &quote!(::leyline::__private::field_error(e, #name, #fname)),
                );
                merge_arms.push(quote_spanned!(span=> #n => #merge,));
                known.push(quote!(|| tag == #n));
            }
            FieldKind::Oneof {
                oneof_ty,
                name: oname,
                ..
            } => {
                let oname = &oname.value;
                let doc = doc_attr(
                    &f.docs,
                    format!("The oneof `{oname}` of the viewed message."),
                );
                // At the oneof's type, as the other uses of its trait.
                let span = crate::ty::at_type(oneof_ty);
                suspect = suspect.or(Some(span));
                let (fvis, fi) = (respan(fvis.to_token_stream(), span), field_at(fi, span));
                let oneof = crate::ty::oneof_trait(oneof_ty);
                fields.push(quote_spanned! {span=>
                    #doc #fvis #fi: ::core::option::Option<#oneof::View<'a>>,
                });
                owned.push(quote_spanned! {span=>
                    #fi: self.#fi.as_ref().map(#oneof::view_to_owned),
                });
                let fname_str = fi.to_string();
                debug_fields.push(quote_spanned!(span=> .field(#fname_str, &self.#fi)));
                clones.push(quote_spanned!(span=> #fi: ::core::clone::Clone::clone(&self.#fi),));
                defaults.push(quote_spanned!(span=> #fi: ::core::option::Option::None,));
                let merge = super::try_map(
                    &quote_spanned!(span=> #oneof::view_merge(&mut self.#fi, tag, field, ctx)),
                    &quote!(::leyline::__private::field_error(e, #name, #oname)),
                );
                oneof_arms.push(quote_spanned! {span=>
                    tag if ::leyline::__private::contains(#oneof::NUMBERS, tag) => #merge
                });
                known.push(quote_spanned! {span=>
                    || ::leyline::__private::contains(#oneof::NUMBERS, tag)
                });
            }
            FieldKind::Unknown => unknown = Some(fi),
            FieldKind::Unusable { .. } => {}
        }
    }

    let (raw_field, raw_ident, push_region) = match unknown {
        Some(u) => {
            owned.push(quote! {
                #u: ::leyline::__private::unknown_fields(&self.__leyline_regions, |tag: u32| false #(#known)*),
            });
            (
                quote!(__leyline_regions: ::leyline::__private::Regions<'a>,),
                format_ident!("__leyline_regions"),
                quote!(self.__leyline_regions.push(bytes, ctx)?;),
            )
        }
        None => (
            quote!(__leyline_lifetime: ::core::marker::PhantomData<&'a [u8]>,),
            format_ident!("__leyline_lifetime"),
            TokenStream::new(),
        ),
    };

    let struct_doc = format!(
        "A borrowed view of [`{ident}`]: decoded from a byte slice without copying \
         (strings and bytes borrow from it; repeated and map fields are read as they are \
         iterated). See `leyline::view`."
    );
    let decl = quote! {
        #[doc = #struct_doc]
        #vis struct #view<'a> {
            #(#fields)*
            #raw_field
        }
    };

    // The code holding a view by value (`decode`, `From<XView>`) makes rustc
    // check every field's type again (for drop liveness), at that code: it is
    // placed at the first field whose type may fail, so that a type which is
    // not a leyline type is reported there, once, with the field's own error.
    let by_value = |tokens: TokenStream| match suspect {
        Some(span) => respan(tokens, span),
        None => tokens,
    };
    let decode = by_value(quote! {
        pub fn decode(
            bytes: &'a [u8],
        ) -> ::core::result::Result<Self, ::leyline::__private::DecodeError> {
            <Self as ::leyline::__private::MessageView<'a>>::decode_view(bytes)
        }
    });
    let from_view = by_value(quote! {
        fn from(view: #view<'_>) -> Self {
            view.to_owned()
        }
    });
    let record_start = spans.then(|| quote!(let __leyline_at = __leyline_r.position();));
    let view_name = view.to_string();
    let impls = quote! {
        // `Clone` and `Default` by hand, each field at its type (see above),
        // where derives would name the fields at their declarations.
        #[automatically_derived]
        impl ::core::clone::Clone for #view<'_> {
            #[inline]
            fn clone(&self) -> Self {
                Self {
                    #(#clones)*
                    #raw_ident: ::core::clone::Clone::clone(&self.#raw_ident),
                }
            }
        }

        #[automatically_derived]
        impl ::core::default::Default for #view<'_> {
            #[inline]
            fn default() -> Self {
                Self {
                    #(#defaults)*
                    #raw_ident: ::core::default::Default::default(),
                }
            }
        }

        // By hand rather than derived, to be inline: the fields' `Debug`
        // decodes repeated elements, which only crates printing views need.
        #[automatically_derived]
        impl ::core::fmt::Debug for #view<'_> {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#view_name)
                    #(#debug_fields)*
                    .finish_non_exhaustive()
            }
        }

        #[automatically_derived]
        impl<'a> ::leyline::__private::MessageView<'a> for #view<'a> {
            type Owned = #ident;

            #[inline]
            fn to_owned_message(&self) -> #ident {
                #ident {
                    #(#owned)*
                }
            }

            // Inline, so that only the crates that decode views generate its
            // code (it is large: LLVM keeps it out of its parent's decoder).
            #[inline]
            fn __merge_view(
                &mut self,
                bytes: &'a [u8],
                ctx: ::leyline::__private::DecodeCtx<'_>,
            ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
                #(#consts)*
                let mut __leyline_r = ::leyline::__private::Reader::new(bytes);
                while !__leyline_r.is_empty() {
                    #record_start
                    // A record with the key its field is written with is read
                    // with the wire type known; any other through the general
                    // path. The field is then chosen by number (a wrong wire
                    // type is an error from the field's own merge).
                    let (tag, field) = match __leyline_r.read_raw_key()? {
                        #(#key_arms)*
                        raw => {
                            let (tag, wire_type) = ::leyline::__private::key_parts(raw)?;
                            (tag, __leyline_r.read_value(tag, wire_type, ctx)?)
                        }
                    };
                    match tag {
                        #(#merge_arms)*
                        #(#oneof_arms)*
                        _ => {}
                    }
                }
                #push_region
                ::core::result::Result::Ok(())
            }
        }

        #[automatically_derived]
        impl<'a> #view<'a> {
            /// Decodes a view of `bytes`, checking every field as the owned
            /// decode does; strings and bytes borrow from `bytes`.
            #[inline]
            #decode

            /// The owned message holding the same values.
            #[inline]
            pub fn to_owned(&self) -> #ident {
                <Self as ::leyline::__private::MessageView<'a>>::to_owned_message(self)
            }
        }

        #[automatically_derived]
        impl ::core::convert::From<#view<'_>> for #ident {
            #[inline]
            #from_view
        }

        #[automatically_derived]
        impl ::core::convert::From<&#view<'_>> for #ident {
            #[inline]
            fn from(view: &#view<'_>) -> Self {
                view.to_owned()
            }
        }

        #[automatically_derived]
        impl ::leyline::__private::ProtoView for #ident {
            type View<'a> = #view<'a>;

            #[inline]
            fn view_merge<'a>(
                view: &mut #view<'a>,
                field: ::leyline::__private::FieldValue<'a>,
                ctx: ::leyline::__private::DecodeCtx<'_>,
            ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
                ::leyline::__private::view_merge_message(view, field, ctx)
            }

            #[inline]
            fn view_to_owned(view: &#view<'_>) -> #ident {
                view.to_owned()
            }
        }
    };

    MessageView {
        decl,
        impls,
        contract_items: quote!(type View<'a> = #view<'a>;),
    }
}

/// For a message declared `view = false`: no view struct and no view decoder;
/// the contract's view, and the view of it that holders get, is the owned
/// decode (`OwnedView`).
pub(crate) fn owned_view(msg: &Message) -> MessageView {
    let ident = &msg.ident;
    let impls = quote! {
        #[automatically_derived]
        impl ::leyline::__private::ProtoView for #ident {
            type View<'a> = ::leyline::__private::OwnedView<#ident>;

            #[inline]
            fn view_merge<'a>(
                view: &mut ::leyline::__private::OwnedView<#ident>,
                field: ::leyline::__private::FieldValue<'a>,
                ctx: ::leyline::__private::DecodeCtx<'_>,
            ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
                ::leyline::__private::view_merge_message(view, field, ctx)
            }

            #[inline]
            fn view_to_owned(view: &::leyline::__private::OwnedView<#ident>) -> #ident {
                ::core::clone::Clone::clone(view.get())
            }
        }
    };
    MessageView {
        decl: TokenStream::new(),
        impls,
        contract_items: quote!(type View<'a> = ::leyline::__private::OwnedView<#ident>;),
    }
}

/// `ProtoView` for an enumeration: viewed as itself.
pub(crate) fn enum_view(ident: &syn::Ident) -> TokenStream {
    quote! {
        #[automatically_derived]
        impl ::leyline::__private::ProtoView for #ident {
            type View<'a> = #ident;

            #[inline]
            fn view_merge<'a>(
                view: &mut #ident,
                field: ::leyline::__private::FieldValue<'a>,
                _ctx: ::leyline::__private::DecodeCtx<'_>,
            ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
                ::leyline::__private::merge_enum_value(view, field)
            }

            #[inline]
            fn view_to_owned(view: &#ident) -> #ident {
                *view
            }
        }
    }
}

/// The view enum of a oneof (declared beside it) and the items of its
/// `Oneof` impl that concern views.
pub(crate) fn oneof_view(o: &Oneof, vis: &Visibility) -> (TokenStream, TokenStream) {
    let ident = &o.ident;
    let view = format_ident!("{}View", ident);
    let rust_name = ident.to_string();
    let mut variants = Vec::new();
    let mut merge_arms = Vec::new();
    let mut owned_arms = Vec::new();
    for v in &o.variants {
        let vi = &v.ident;
        let n = u32::try_from(v.number.value).unwrap_or(0);
        let name = &v.name.value;
        let c = v.elem.codec();
        let doc = doc_attr(&v.docs, format!("`{name}`."));
        // Every use of the variant's codec at its type (see `Elem::span`).
        let view_of = quote_spanned!(v.elem.span()=> <#c as ::leyline::__private::ProtoView>);
        variants.push(quote!(#doc #vi(#view_of::View<'a>),));
        let in_field = quote!(::leyline::__private::field_error(e, #rust_name, #name));
        let merge_into = super::map_err(&quote!(#view_of::view_merge(v, field, ctx)), &in_field);
        let new_view = super::try_map(
            &quote!(::leyline::__private::new_view::<#c>(ctx)),
            &in_field,
        );
        let merge_new =
            super::try_map(&quote!(#view_of::view_merge(&mut v, field, ctx)), &in_field);
        merge_arms.push(quote! {
            #n => {
                if let ::core::option::Option::Some(#view::#vi(v)) = slot {
                    return #merge_into;
                }
                let mut v = #new_view;
                #merge_new;
                *slot = ::core::option::Option::Some(#view::#vi(v));
                ::core::result::Result::Ok(())
            }
        });
        owned_arms.push(quote! {
            #view::#vi(v) => #ident::#vi(#view_of::view_to_owned(v)),
        });
    }
    let doc = format!("A borrowed view of [`{ident}`] (see `leyline::view`).");
    let decl = quote! {
        #[doc = #doc]
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        #vis enum #view<'a> {
            #(#variants)*
        }
    };
    let items = quote! {
        type View<'a> = #view<'a>;

        #[inline]
        fn view_merge<'a>(
            slot: &mut ::core::option::Option<#view<'a>>,
            tag: u32,
            field: ::leyline::__private::FieldValue<'a>,
            ctx: ::leyline::__private::DecodeCtx<'_>,
        ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
            match tag {
                #(#merge_arms)*
                _ => ::core::result::Result::Ok(()),
            }
        }

        #[inline]
        fn view_to_owned(view: &#view<'_>) -> Self {
            match view {
                #(#owned_arms)*
            }
        }
    };
    (decl, items)
}
