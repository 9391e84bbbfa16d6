//! Expansion of a checked `#[leyline::message]`: `prost::Message`, `prost::Name`,
//! `leyline::Contract` (decoding, schema, validation, size bound) and
//! `leyline::ProtoType`. Validation and size bounds are written by the
//! `validate` and `size` modules.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

use super::decode::DecodeField;
use super::view::MessageView;
use crate::check::json_name;
use crate::held::{self, HeldField, HeldMessage, HeldOneofField, Mode};
use crate::model::{FieldKind, Message};
use crate::ty::{at_type, oneof_trait, Elem, Shape};

/// A plain field with everything expansion needs.
struct Plain<'a> {
    /// Where the field is declared among the message's fields.
    position: usize,
    ident: &'a syn::Ident,
    number: u32,
    name: &'a str,
    docs: &'a str,
    shape: &'a Shape,
}

/// A oneof held by the message.
struct HeldOneof<'a> {
    /// Where the oneof field is declared among the message's fields.
    position: usize,
    ident: &'a syn::Ident,
    ty: &'a syn::Type,
    name: &'a str,
    docs: &'a str,
}

/// The message's plain fields, oneofs and unknown-field store, in declaration
/// order. Fields whose type was rejected are left out (only a message with
/// errors has them).
fn members(msg: &Message) -> (Vec<Plain<'_>>, Vec<HeldOneof<'_>>, Option<&syn::Ident>) {
    let mut plains: Vec<Plain<'_>> = Vec::new();
    let mut oneofs: Vec<HeldOneof<'_>> = Vec::new();
    let mut unknown: Option<&syn::Ident> = None;
    for (position, f) in msg.fields.iter().enumerate() {
        match &f.kind {
            FieldKind::Plain {
                number,
                name,
                shape,
            } => plains.push(Plain {
                position,
                ident: &f.ident,
                number: u32::try_from(number.value).unwrap_or(0),
                name: &name.value,
                docs: &f.docs,
                shape,
            }),
            FieldKind::Oneof { oneof_ty, name, .. } => oneofs.push(HeldOneof {
                position,
                ident: &f.ident,
                ty: oneof_ty,
                name: &name.value,
                docs: &f.docs,
            }),
            FieldKind::Unknown => unknown = Some(&f.ident),
            FieldKind::Unusable { .. } => {}
        }
    }
    (plains, oneofs, unknown)
}

/// For a message with errors: only the type-level and cross-item checks, so
/// that their errors come out of the same compile as the macro's own.
pub(crate) fn checks_only(msg: &Message) -> TokenStream {
    let (plains, _, _) = members(msg);
    let assertions = assertions(&plains);
    let held = held::call(&held_message(msg, &plains, Mode::Checks));
    quote! {
        const _: () = {
            #assertions
            #held
        };
    }
}

/// What the message hands its oneofs' callbacks (see `crate::held`): its name,
/// reserved numbers and names, numbered fields and oneofs, and each field's
/// code for `mode`.
fn held_message(msg: &Message, plains: &[Plain<'_>], mode: Mode) -> HeldMessage {
    let mut fields = Vec::new();
    let mut oneofs = Vec::new();
    let mut next_plain = plains.iter();
    for f in &msg.fields {
        let (number, name, code) = match &f.kind {
            FieldKind::Plain { number, name, .. } => {
                let code = match (&mode, next_plain.next()) {
                    (Mode::Encode { .. }, Some(p)) => field_encode(p),
                    (Mode::Len { .. }, Some(p)) => field_len(p),
                    _ => TokenStream::new(),
                };
                (number, name, code)
            }
            FieldKind::Unusable { number, name } => (number, name, TokenStream::new()),
            FieldKind::Oneof { path, name, .. } => {
                oneofs.push(HeldOneofField {
                    ident: f.ident.clone(),
                    name: name.clone(),
                    path: path.clone(),
                });
                continue;
            }
            FieldKind::Unknown => continue,
        };
        if held::in_range(number) {
            fields.push(HeldField {
                ident: f.ident.clone(),
                number: *number,
                name: name.clone(),
                code,
            });
        }
    }
    HeldMessage {
        name: msg.name(),
        mode,
        reserved: msg.reserved.clone(),
        reserved_names: msg.reserved_names.clone(),
        fields,
        oneofs,
    }
}

pub(crate) fn expand(msg: &Message, view: &MessageView) -> TokenStream {
    let ident = &msg.ident;
    let name = msg.name();
    let package = &msg.package;
    let full_name = msg.full_name();
    let parent_check = msg
        .parent
        .as_ref()
        .map(|parent| super::parent_assertion(parent, package, &name));
    // prost-build spells out the full name of a nested message the same way.
    let prost_full_name = msg.parent.as_ref().map(|_| {
        quote! {
            fn full_name() -> ::leyline::__private::String {
                ::core::convert::From::from(#full_name)
            }
        }
    });

    let (plains, oneofs, unknown) = members(msg);
    // The schema lists members in declaration order: plain fields and oneofs
    // interleaved as written.
    let mut members: Vec<(usize, TokenStream)> = plains
        .iter()
        .map(|p| (p.position, field_schema_member(p)))
        .collect();
    members.extend(oneofs.iter().map(|o| {
        let (oname, docs, oneof) = (o.name, o.docs, oneof_trait(o.ty));
        let member = quote_spanned! {at_type(o.ty)=>
            ::leyline::__private::Member::Oneof(::leyline::__private::OneofSchema {
                name: #oname,
                rust_type: #oneof::RUST_NAME,
                docs: #docs,
                fields: #oneof::FIELDS,
            })
        };
        (o.position, member)
    }));
    members.sort_by_key(|(position, _)| *position);
    let members = members.into_iter().map(|(_, member)| member);

    let len_body = len_body(msg, &plains, &oneofs, unknown);
    let encode_body = encode_body(msg, &plains, &oneofs, unknown);
    let merge_arms: Vec<TokenStream> = plains.iter().map(|p| merge_arm(p, &name)).collect();
    let oneof_arms: Vec<TokenStream> = oneofs
        .iter()
        .map(|o| {
            let (f, oneof) = (o.ident, oneof_trait(o.ty));
            let fname = o.name;
            let merge = super::try_map(
                &quote_spanned!(at_type(o.ty)=> #oneof::merge(&mut self.#f, tag, field, ctx)),
                &quote!(::leyline::__private::field_error(e, #name, #fname)),
            );
            quote_spanned! {at_type(o.ty)=>
                tag if ::leyline::__private::contains(#oneof::NUMBERS, tag) => #merge
            }
        })
        .collect();
    let merge_body = if merge_arms.is_empty() && oneof_arms.is_empty() {
        quote! {
            let _ = (tag, field, ctx);
            ::core::result::Result::Ok(false)
        }
    } else {
        quote! {
            match tag {
                #(#merge_arms)*
                #(#oneof_arms)*
                _ => return ::core::result::Result::Ok(false),
            }
            ::core::result::Result::Ok(true)
        }
    };
    let depth_checks =
        plains
            .iter()
            .filter_map(|p| field_depth(p, &name))
            .chain(oneofs.iter().map(|o| {
                let (f, fname, oneof) = (o.ident, o.name, oneof_trait(o.ty));
                let check = super::try_map(
                    &quote_spanned!(at_type(o.ty)=> #oneof::check_depth(o, depth_left)),
                    &quote!(::leyline::__private::field_encode_error(e, #name, #fname)),
                );
                quote_spanned! {at_type(o.ty)=>
                    if let ::core::option::Option::Some(o) = &self.#f {
                        #check;
                    }
                }
            }));
    let unknown_depth = unknown.map(|u| {
        let field = u.to_string();
        let check = super::try_map(
            &quote!(::leyline::__private::unknown_depth(&self.#u, depth_left)),
            &quote!(::leyline::__private::field_encode_error(e, #name, #field)),
        );
        quote!(#check;)
    });
    let unknown_fn = unknown.map(|u| {
        quote! {
            #[inline]
            fn __unknown_fields_mut(&mut self) -> ::core::option::Option<&mut ::leyline::__private::UnknownFields> {
                ::core::option::Option::Some(&mut self.#u)
            }
        }
    });
    let docs = &msg.docs;
    let defined_in = match &msg.well_known {
        Some(file) => quote!(::core::option::Option::Some(#file)),
        None => quote!(::core::option::Option::None),
    };
    let reserved_ranges = msg.reserved.iter().map(|r| {
        let (s, e) = (r.start as i64, r.end as i64);
        quote!(::leyline::__private::ReservedRange { start: #s, end: #e })
    });
    let reserved_names = msg.reserved_names.iter();
    let keeps_unknown = unknown.is_some();
    let decode_fields: Vec<DecodeField<'_>> = plains
        .iter()
        .map(|p| DecodeField {
            ident: p.ident,
            number: p.number,
            shape: p.shape,
            merge: merge_call(p),
            name: p.name,
        })
        .collect();
    let merge_slice = super::decode::merge_slice(&decode_fields, &name);
    let (view_contract, view_impls) = (&view.contract_items, &view.impls);
    let assertions = assertions(&plains);
    let validate_body = super::validate::message_body(msg);
    let bound = super::size::message_bound(msg);
    let (max_size, max_size_assertion) = super::size::max_size(msg);
    let split_fn = super::size::split(msg);

    quote! {
        const _: () = {
            #assertions
            #max_size_assertion
            #parent_check

            #[automatically_derived]
            impl ::leyline::__private::prost::Message for #ident {
                #[inline]
                fn encode_raw(&self, buf: &mut impl ::leyline::__private::BufMut) {
                    <Self as ::leyline::__private::Contract>::__encode_cached(
                        self,
                        buf,
                        &mut ::leyline::__private::LenCache::disabled(),
                    )
                }

                // The two-pass encoders (nested lengths sized once) behind
                // every encoding entry point of prost's API.
                #[inline]
                fn encode(
                    &self,
                    buf: &mut impl ::leyline::__private::BufMut,
                ) -> ::core::result::Result<(), ::leyline::__private::prost::EncodeError> {
                    ::leyline::__private::prost_encode(self, buf)
                }

                #[inline]
                fn encode_length_delimited(
                    &self,
                    buf: &mut impl ::leyline::__private::BufMut,
                ) -> ::core::result::Result<(), ::leyline::__private::prost::EncodeError> {
                    ::leyline::__private::prost_encode_length_delimited(self, buf)
                }

                #[inline]
                fn encode_to_vec(&self) -> ::leyline::__private::Vec<u8> {
                    ::leyline::__private::encode_to_vec(self)
                }

                #[inline]
                fn encode_length_delimited_to_vec(&self) -> ::leyline::__private::Vec<u8> {
                    ::leyline::__private::encode_length_delimited_to_vec(self)
                }

                fn merge_field(
                    &mut self,
                    tag: u32,
                    wire_type: ::leyline::__private::WireType,
                    buf: &mut impl ::leyline::__private::Buf,
                    _ctx: ::leyline::__private::prost::encoding::DecodeContext,
                ) -> ::core::result::Result<(), ::leyline::__private::prost::DecodeError> {
                    ::leyline::__private::prost_merge_field(self, tag, wire_type, buf).map_err(::core::convert::Into::into)
                }

                #[inline]
                fn encoded_len(&self) -> usize {
                    <Self as ::leyline::__private::Contract>::__encoded_len_cached(
                        self,
                        &mut ::leyline::__private::LenCache::disabled(),
                    )
                }

                fn clear(&mut self) {
                    *self = <Self as ::core::default::Default>::default();
                }

                fn merge(&mut self, buf: impl ::leyline::__private::Buf) -> ::core::result::Result<(), ::leyline::__private::prost::DecodeError> {
                    ::leyline::__private::prost_merge(self, buf).map_err(::core::convert::Into::into)
                }

                fn merge_length_delimited(&mut self, buf: impl ::leyline::__private::Buf) -> ::core::result::Result<(), ::leyline::__private::prost::DecodeError> {
                    ::leyline::__private::prost_merge_length_delimited(self, buf).map_err(::core::convert::Into::into)
                }
            }

            #[automatically_derived]
            impl ::leyline::__private::prost::Name for #ident {
                const NAME: &'static str = #name;
                const PACKAGE: &'static str = #package;
                #prost_full_name
            }

            #[automatically_derived]
            impl ::leyline::__private::Contract for #ident {
                const NAME: &'static str = #name;
                const PACKAGE: &'static str = #package;
                const FULL_NAME: &'static str = #full_name;
                const MAX_ENCODED_LEN: ::core::option::Option<usize> = #bound;
                #max_size

                fn schema() -> &'static ::leyline::__private::MessageSchema {
                    static SCHEMA: ::leyline::__private::MessageSchema = ::leyline::__private::MessageSchema {
                        name: #name,
                        package: #package,
                        full_name: #full_name,
                        defined_in: #defined_in,
                        docs: #docs,
                        members: &[#(#members),*],
                        reserved_ranges: &[#(#reserved_ranges),*],
                        reserved_names: &[#(#reserved_names),*],
                        keeps_unknown_fields: #keeps_unknown,
                    };
                    &SCHEMA
                }

                #[inline]
                fn __merge_field(
                    &mut self,
                    tag: u32,
                    field: ::leyline::__private::FieldValue<'_>,
                    ctx: ::leyline::__private::DecodeCtx<'_>,
                ) -> ::core::result::Result<bool, ::leyline::__private::DecodeError> {
                    #merge_body
                }

                #unknown_fn

                // Inline: only the crates that validate generate its code.
                #[inline]
                fn __validate(
                    &self,
                    path: &::leyline::__private::FieldPath<'_>,
                    errors: &mut ::leyline::__private::ValidationErrors,
                ) {
                    #validate_body
                }

                #split_fn

                #merge_slice
                #view_contract

                fn __encoded_len_cached(&self, cache: &mut ::leyline::__private::LenCache) -> usize {
                    let _ = &cache;
                    #len_body
                }

                fn __encode_cached(
                    &self,
                    buf: &mut impl ::leyline::__private::BufMut,
                    cache: &mut ::leyline::__private::LenCache,
                ) {
                    let _ = (&buf, &cache);
                    #encode_body
                }

                fn __check_depth(
                    &self,
                    depth_left: u32,
                ) -> ::core::result::Result<(), ::leyline::__private::EncodeError> {
                    #(#depth_checks)*
                    #unknown_depth
                    let _ = depth_left;
                    ::core::result::Result::Ok(())
                }
            }

            #view_impls

            #[automatically_derived]
            impl ::leyline::__private::ProtoType for #ident {
                type Value = #ident;
                const WIRE_TYPE: ::leyline::__private::WireType = ::leyline::__private::WireType::LengthDelimited;
                const TYPE: ::leyline::__private::FieldType =
                    ::leyline::__private::FieldType::Message(<#ident as ::leyline::__private::Contract>::schema);
                const IS_MESSAGE: bool = true;
                const MAX_VALUE_LEN: ::core::option::Option<usize> =
                    ::leyline::__private::size::len_delimited(<#ident as ::leyline::__private::Contract>::MAX_ENCODED_LEN);

                #[inline]
                fn is_default(value: &Self) -> bool {
                    ::leyline::__private::message_is_default(value)
                }
                #[inline]
                fn value_len(value: &Self) -> usize {
                    ::leyline::__private::message_value_len(value)
                }
                #[inline]
                fn encode_value(value: &Self, buf: &mut impl ::leyline::__private::BufMut) {
                    ::leyline::__private::encode_message_value(value, buf)
                }
                #[inline]
                fn value_len_cached(value: &Self, cache: &mut ::leyline::__private::LenCache) -> usize {
                    ::leyline::__private::message_value_len_cached(value, cache)
                }
                #[inline]
                fn value_len_recorded(value: &Self, cache: &::leyline::__private::LenCache) -> usize {
                    ::leyline::__private::message_value_len_recorded(value, cache)
                }
                #[inline]
                fn encode_field_cached(
                    tag: u32,
                    value: &Self,
                    buf: &mut impl ::leyline::__private::BufMut,
                    cache: &mut ::leyline::__private::LenCache,
                ) {
                    ::leyline::__private::encode_message_field_cached(tag, value, buf, cache)
                }
                #[inline]
                fn merge(
                    value: &mut Self,
                    field: ::leyline::__private::FieldValue<'_>,
                    ctx: ::leyline::__private::DecodeCtx<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
                    ::leyline::__private::merge_message_value(value, field, ctx)
                }
                #[inline]
                fn check_depth(
                    value: &Self,
                    depth_left: u32,
                ) -> ::core::result::Result<(), ::leyline::__private::EncodeError> {
                    ::leyline::__private::message_depth(value, depth_left)
                }
            }

            #[automatically_derived]
            impl ::leyline::__private::Element for #ident {
                #[inline]
                fn __validate(
                    value: &Self,
                    path: &::leyline::__private::FieldPath<'_>,
                    errors: &mut ::leyline::__private::ValidationErrors,
                ) {
                    <#ident as ::leyline::__private::Contract>::__validate(value, path, errors)
                }
            }
        };
    }
}

/// The span of the element type a field's generated code is reported at, and a
/// local bound to the field with that span. Calls that name the field's codec
/// are spanned at its type, arguments included, so that a type which is not a
/// `ProtoType` is reported once, there, rather than again at the macro call site.
fn field_value(p: &Plain<'_>) -> (Span, syn::Ident) {
    let span = match p.shape {
        Shape::Singular(e) | Shape::Optional(e) | Shape::Repeated(e) => e.span(),
        Shape::Map { value, .. } => value.span(),
    };
    (span, syn::Ident::new("__leyline_value", span))
}

/// A local of the generated method (`buf`, `field`, `ctx`), to pass inside a
/// call spanned at a field's type.
fn local(name: &str) -> syn::Ident {
    syn::Ident::new(name, Span::call_site())
}

fn field_len(p: &Plain<'_>) -> TokenStream {
    let (span, v) = field_value(p);
    let (f, n, cache) = (p.ident, p.number, local("cache"));
    let helper = match p.shape {
        Shape::Singular(e) => e.helper("singular_len_cached"),
        Shape::Optional(e) => e.helper("optional_len_cached"),
        Shape::Repeated(e) if e.unpacked.is_some() => e.helper("repeated_unpacked_len_cached"),
        Shape::Repeated(e) => e.helper("repeated_len_cached"),
        Shape::Map { key, value } => value.map_helper("map_len_cached", key),
    };
    let call = quote_spanned!(span=> #helper(#n, #v, #cache));
    quote!({ let #v = &self.#f; #call })
}

fn field_encode(p: &Plain<'_>) -> TokenStream {
    let (span, v) = field_value(p);
    let (f, n, buf, cache) = (p.ident, p.number, local("buf"), local("cache"));
    let helper = match p.shape {
        Shape::Singular(e) => e.helper("encode_singular_cached"),
        Shape::Optional(e) => e.helper("encode_optional_cached"),
        Shape::Repeated(e) if e.unpacked.is_some() => e.helper("encode_repeated_unpacked_cached"),
        Shape::Repeated(e) => e.helper("encode_repeated_cached"),
        Shape::Map { key, value } => value.map_helper("encode_map_cached", key),
    };
    let call = quote_spanned!(span=> #helper(#n, #v, #buf, #cache));
    quote!({ let #v = &self.#f; #call; })
}

fn merge_arm(p: &Plain<'_>, message: &str) -> TokenStream {
    let n = p.number;
    let fname = p.name;
    let call = merge_call(p);
    let merge = super::try_map(
        &call,
        &quote!(::leyline::__private::field_error(e, #message, #fname)),
    );
    quote!(#n => #merge,)
}

/// The call merging the wire value `field` into the field, spanned at the
/// field's type like the other calls naming its codec.
fn merge_call(p: &Plain<'_>) -> TokenStream {
    let (span, v) = field_value(p);
    let f = p.ident;
    let (field, ctx) = (local("field"), local("ctx"));
    let merge = match p.shape {
        Shape::Singular(e) => e.proto("merge"),
        Shape::Optional(e) => e.helper("merge_optional"),
        Shape::Repeated(e) => e.proto("merge_repeated"),
        Shape::Map { key, value } => value.map_helper("merge_map", key),
    };
    let call = quote_spanned!(span=> #merge(#v, #field, #ctx));
    quote!({ let #v = &mut self.#f; #call })
}

/// The depth check of a field that may hold messages: enumerations and
/// messages, which the macro cannot tell apart (scalars known by name hold none
/// and get no code).
fn field_depth(p: &Plain<'_>, message: &str) -> Option<TokenStream> {
    let (span, v) = field_value(p);
    let (f, fname, depth_left) = (p.ident, p.name, local("depth_left"));
    // (An encoding applies to an integer known by name only.)
    let helper = match p.shape {
        Shape::Singular(e) | Shape::Optional(e) | Shape::Repeated(e) if e.builtin.is_some() => {
            return None
        }
        Shape::Map { value, .. } if value.builtin.is_some() => return None,
        Shape::Singular(e) => e.helper("singular_depth"),
        Shape::Optional(e) => e.helper("optional_depth"),
        Shape::Repeated(e) => e.helper("repeated_depth"),
        Shape::Map { key, value } => value.map_helper("map_depth", key),
    };
    let call = quote_spanned!(span=> #helper(#v, #depth_left));
    let check = super::try_map(
        &call,
        &quote!(::leyline::__private::field_encode_error(e, #message, #fname)),
    );
    Some(quote! {{
        let #v = &self.#f;
        #check;
    }})
}

/// The encoding body: the fields in field-number order, as protoc's runtimes
/// write them, unknown fields last. With oneofs, the order is written by the
/// call to their callbacks (see `crate::held`), which alone knows their
/// variants' numbers.
fn encode_body(
    msg: &Message,
    plains: &[Plain<'_>],
    oneofs: &[HeldOneof<'_>],
    unknown: Option<&syn::Ident>,
) -> TokenStream {
    let fields = if oneofs.is_empty() {
        by_number(plains).into_iter().map(field_encode).collect()
    } else {
        let mode = Mode::Encode {
            this: syn::Token![self](Span::call_site()),
            buf: local("buf"),
            cache: local("cache"),
        };
        held::call(&held_message(msg, plains, mode))
    };
    let unknown = unknown.map(|u| quote!(self.#u.encode(buf);));
    quote!(#fields #unknown)
}

/// The sizing body: the fields' lengths summed in the order `encode_body`
/// writes them, the order in which the writing pass reads back the nested
/// lengths this pass records.
fn len_body(
    msg: &Message,
    plains: &[Plain<'_>],
    oneofs: &[HeldOneof<'_>],
    unknown: Option<&syn::Ident>,
) -> TokenStream {
    let fields = if oneofs.is_empty() {
        let lens = by_number(plains).into_iter().map(field_len);
        quote!(0usize #(+ #lens)*)
    } else {
        let mode = Mode::Len {
            this: syn::Token![self](Span::call_site()),
            cache: local("cache"),
        };
        held::call(&held_message(msg, plains, mode))
    };
    let unknown = unknown.map(|u| quote!(+ self.#u.encoded_len()));
    quote! {
        let __leyline_len: usize = #fields;
        __leyline_len #unknown
    }
}

/// The plain fields in field-number order.
fn by_number<'p, 'a>(plains: &'p [Plain<'a>]) -> Vec<&'p Plain<'a>> {
    let mut sorted: Vec<&Plain<'_>> = plains.iter().collect();
    sorted.sort_by_key(|p| p.number);
    sorted
}

fn field_schema_member(p: &Plain<'_>) -> TokenStream {
    let name = p.name;
    let json = json_name(name);
    let n = p.number;
    let docs = p.docs;
    let rust = p.ident.to_string();
    let (label, ty, packed) = match p.shape {
        Shape::Singular(e) => (
            quote!(::leyline::__private::Label::Singular),
            e.proto("TYPE"),
            quote!(false),
        ),
        Shape::Optional(e) => {
            let is_message = e.proto("IS_MESSAGE");
            (
                quote! {
                    if #is_message {
                        ::leyline::__private::Label::Singular
                    } else {
                        ::leyline::__private::Label::Optional
                    }
                },
                e.proto("TYPE"),
                quote!(false),
            )
        }
        Shape::Repeated(e) => (
            quote!(::leyline::__private::Label::Repeated),
            e.proto("TYPE"),
            if e.unpacked.is_some() {
                quote!(false)
            } else {
                e.proto("PACKED")
            },
        ),
        Shape::Map { key, value } => {
            let k = key.codec();
            let scalar = quote_spanned!(key.span()=> <#k as ::leyline::__private::MapKey>::SCALAR);
            let v = value.proto("TYPE");
            (
                quote!(::leyline::__private::Label::Map),
                quote! {
                    ::leyline::__private::FieldType::Map(#scalar, &#v)
                },
                quote!(false),
            )
        }
    };
    quote! {
        ::leyline::__private::Member::Field(::leyline::__private::FieldSchema {
            name: #name,
            json_name: #json,
            number: #n,
            label: #label,
            ty: #ty,
            packed: #packed,
            docs: #docs,
            rust_name: #rust,
        })
    }
}

/// Type-level checks, as items inside the expansion's `const _` (the rules
/// between the message and its oneofs are `held`'s).
fn assertions(plains: &[Plain<'_>]) -> TokenStream {
    let mut out = TokenStream::new();
    // Every element type must be a `ProtoType`, and a singular field's must be
    // a scalar or an enumeration (messages need `Option`). Singular is checked
    // on the codec's value type: for a type that is not a `ProtoType` at all
    // that projection is an error type, so only the `ProtoType` error is
    // reported. Both are spanned at the type, as are the other uses of its
    // codec, so rustc reports each failure once.
    for p in plains {
        match p.shape {
            Shape::Singular(e) => {
                let value = e.proto("Value");
                out.extend(quote_spanned! {e.span()=>
                    const _: () = <#value as ::leyline::__private::Singular>::ASSERT;
                });
            }
            Shape::Optional(e) | Shape::Repeated(e) | Shape::Map { value: e, .. } => {
                let ty = e.proto("TYPE");
                out.extend(quote_spanned! {e.span()=>
                    const _: ::leyline::__private::FieldType = #ty;
                });
            }
        }
        // `packed = false` on elements the macro cannot tell apart by name:
        // enumerations pack, messages do not.
        if let Shape::Repeated(
            e @ Elem {
                builtin: None,
                unpacked: Some(span),
                ..
            },
        ) = p.shape
        {
            let packable = e.proto("PACKED");
            let message = format!(
                "`packed = false` on field `{}`: its elements are messages, which are never packed; remove it",
                p.ident
            );
            out.extend(quote_spanned! {*span=>
                const _: () = ::core::assert!(#packable, #message);
            });
        }
    }
    out
}
