//! Expansion of proto3 JSON (the runtime side is `leyline::json`): for every
//! message its `JsonType`, `JsonMessage`, `JsonFields`, serde's `Serialize`
//! and `Deserialize`, and `JsonView` for its view; `JsonType` for every
//! enumeration; `JsonOneof` for every oneof. Written from the same model as
//! the binary encoding: field by field, each through its type's `JsonType`,
//! with the keys pre-formatted (`,"seedId":`) so that writing a key is one
//! copy. The well-known wrappers (`Int32Value`, ...) are written as their
//! bare value, `google.protobuf.NullValue` as `null`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::check::json_name;
use crate::model::{Enumeration, FieldKind, Message, Oneof};
use crate::ty::{oneof_trait, Elem, Shape};

/// `<C as ::leyline::__private::json::JsonType>`, spanned at the element's
/// type (so a type without a JSON form is reported there, once).
/// A held oneof's JSON side, `<T as Oneof>::Json` (which is `T`), spanned at
/// the oneof field's type like every use of its `Oneof` trait: a type that
/// is not a oneof is then reported once, as not a `Oneof`, rather than once
/// per JSON function that needs a `JsonOneof`.
fn oneof_json(ty: &syn::Type) -> TokenStream {
    let oneof = oneof_trait(ty);
    quote_spanned!(crate::ty::at_type(ty)=> #oneof::Json)
}

/// An item of a held oneof: of its `JsonOneof` (through [`oneof_json`]) or,
/// with `json` false, of its `Oneof`; the whole path spanned at the field's
/// type.
fn oneof_item(ty: &syn::Type, json: bool, item: &str) -> TokenStream {
    let span = crate::ty::at_type(ty);
    let item = proc_macro2::Ident::new(item, span);
    if json {
        let json = oneof_json(ty);
        quote_spanned!(span=> <#json as ::leyline::__private::json::JsonOneof>::#item)
    } else {
        let oneof = oneof_trait(ty);
        quote_spanned!(span=> #oneof::#item)
    }
}

/// A JSON helper of `leyline::__private` for a held oneof, `path::<Json>`
/// (with `extra` further generic arguments), spanned at the field's type.
fn oneof_helper(ty: &syn::Type, path: TokenStream, extra: TokenStream) -> TokenStream {
    let span = crate::ty::at_type(ty);
    let json = oneof_json(ty);
    let path = crate::ty::respan(path, span);
    let extra = crate::ty::respan(extra, span);
    quote_spanned!(span=> #path::<#json #extra>)
}

fn json_type(e: &Elem) -> TokenStream {
    let c = e.codec();
    quote_spanned!(e.ty.span()=> <#c as ::leyline::__private::json::JsonType>)
}

/// A runtime helper instantiated for an element (`write_singular::<C>`).
fn helper(name: &str, e: &Elem) -> TokenStream {
    let c = e.codec();
    let name = proc_macro2::Ident::new(name, e.ty.span());
    quote_spanned!(e.ty.span()=> ::leyline::__private::json::#name::<#c>)
}

/// A runtime map helper instantiated for a key and a value.
fn map_helper(path: TokenStream, key: &Elem, value: &Elem) -> TokenStream {
    let (k, v) = (key.codec(), value.codec());
    quote_spanned!(value.ty.span()=> #path::<#k, #v, _>)
}

/// The `FieldKey` constant of a field: `,"jsonName":` and `,"proto_name":`.
fn field_key(name: &str, ident: &syn::Ident) -> TokenStream {
    let json = format!(",\"{}\":", json_name(name));
    let proto = format!(",\"{name}\":");
    quote! {
        const #ident: ::leyline::__private::json::FieldKey =
            ::leyline::__private::json::FieldKey { json: #json, proto: #proto };
    }
}

/// `"jsonName" | "proto_name"` (one pattern when they are the same).
fn name_pattern(name: &str) -> TokenStream {
    let json = json_name(name);
    if json == name {
        quote!(#name)
    } else {
        quote!(#json | #name)
    }
}

struct PlainField<'a> {
    ident: &'a syn::Ident,
    number: u32,
    name: &'a str,
    shape: &'a Shape,
    key: syn::Ident,
}

struct HeldOneof<'a> {
    ident: &'a syn::Ident,
    ty: &'a syn::Type,
    offset: syn::Ident,
}

pub(crate) fn message(msg: &Message) -> TokenStream {
    let ident = &msg.ident;
    let view = format_ident!("{}View", ident);
    let full_name = format!("{}.{}", msg.package, msg.name());
    let mut plains = Vec::new();
    let mut oneofs = Vec::new();
    // The writers of fields and oneofs, in declaration order, as Python's
    // json_format writes them.
    let (mut writes, mut view_writes, mut serializes) = (Vec::new(), Vec::new(), Vec::new());
    for f in &msg.fields {
        let written = match &f.kind {
            FieldKind::Plain {
                number,
                name,
                shape,
            } => {
                let p = PlainField {
                    ident: &f.ident,
                    number: u32::try_from(number.value).unwrap_or(0),
                    name: &name.value,
                    shape,
                    key: format_ident!("__LEYLINE_JSON_KEY_{}", plains.len()),
                };
                let written = plain_writers(&p);
                plains.push(p);
                written
            }
            FieldKind::Oneof { oneof_ty, .. } => {
                let o = HeldOneof {
                    ident: &f.ident,
                    ty: oneof_ty,
                    offset: format_ident!("__LEYLINE_JSON_ONEOF_{}", oneofs.len()),
                };
                let written = oneof_writers(&o);
                oneofs.push(o);
                written
            }
            FieldKind::Unknown | FieldKind::Unusable { .. } => continue,
        };
        writes.push(written.write);
        view_writes.push(written.view_write);
        serializes.push(written.serialize);
    }
    let keys = plains.iter().map(|p| field_key(p.name, &p.key));

    let read = read_body(&plains, &oneofs, &full_name);
    let transcode = transcode_body(&plains, &oneofs);
    let wrapper = (msg.well_known.as_deref() == Some("google/protobuf/wrappers.proto"))
        .then(|| plains.first())
        .flatten();
    let type_impl = match wrapper {
        Some(p) => wrapper_json_type(ident, &view, p),
        None => message_json_type(ident),
    };
    let (any, serialize) = match wrapper {
        Some(p) => {
            let f = p.ident;
            let c = match p.shape {
                Shape::Singular(e) | Shape::Optional(e) | Shape::Repeated(e) => json_type(e),
                Shape::Map { value, .. } => json_type(value),
            };
            (
                quote!(::leyline::__private::json::AnyEntry::well_known::<#ident>()),
                quote!(#c::serialize_json(&self.#f, serializer)),
            )
        }
        None => (
            quote!(::leyline::__private::json::AnyEntry::inline::<#ident>()),
            quote!(::leyline::__private::json::serde::serialize_message(
                self, serializer
            )),
        ),
    };

    // A contract declared `view = false` has `OwnedView<Self>` as its view,
    // which writes JSON through the owned message (a blanket impl in
    // leyline::json): its view fields are the message's fields.
    let (write_view_fields, json_view) = if msg.view {
        (
            quote! {
                #[inline]
                fn __json_write_view_fields(
                    view: &#view<'_>,
                    w: &mut ::leyline::__private::json::JsonWriter<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                    let _ = (&view, &w);
                    #(#view_writes)*
                    ::core::result::Result::Ok(())
                }
            },
            quote! {
                #[automatically_derived]
                impl<'a> ::leyline::__private::json::JsonView<'a> for #view<'a> {
                    #[inline]
                    fn __json_write(
                        &self,
                        w: &mut ::leyline::__private::json::JsonWriter<'_>,
                    ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                        <#ident as ::leyline::__private::json::JsonType>::write_view_json(self, w)
                    }
                }
            },
        )
    } else {
        (
            quote! {
                #[inline]
                fn __json_write_view_fields(
                    view: &<Self as ::leyline::__private::Contract>::View<'_>,
                    w: &mut ::leyline::__private::json::JsonWriter<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                    <Self as ::leyline::__private::json::JsonFields>::__json_write_fields(
                        ::leyline::OwnedView::get(view),
                        w,
                    )
                }
            },
            TokenStream::new(),
        )
    };
    quote! {
        const _: () = {
            #(#keys)*

            #type_impl

            #[automatically_derived]
            impl ::leyline::__private::json::JsonMessage for #ident {
                const TYPE_NAME: &'static str = #full_name;
                const ANY: ::leyline::__private::json::AnyEntry = #any;
            }

            // The writers and the transcoder inline, as the oneofs' writers: a
            // crate that never writes JSON generates none of their code (the
            // contracts' own crate included), and a crate that does generates
            // what it calls. The readers stay out of line, where they were:
            // made inline too, JSON decoding measured within 1 % of this
            // (callgrind, three cases), so nothing was gained at run time.
            #[automatically_derived]
            impl ::leyline::__private::json::JsonFields for #ident {
                #[inline]
                fn __json_write_fields(
                    &self,
                    w: &mut ::leyline::__private::json::JsonWriter<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                    let _ = &w;
                    #(#writes)*
                    ::core::result::Result::Ok(())
                }

                #write_view_fields

                fn __json_read(
                    &mut self,
                    r: &mut ::leyline::__private::json::JsonReader<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                    #read
                }

                fn __serialize_fields<M: ::leyline::__private::serde::ser::SerializeMap>(
                    &self,
                    map: &mut M,
                ) -> ::core::result::Result<(), M::Error> {
                    let _ = &map;
                    #(#serializes)*
                    ::core::result::Result::Ok(())
                }

                #[inline]
                fn __json_transcode(
                    bytes: &[u8],
                    w: &mut ::leyline::__private::json::JsonWriter<'_>,
                    ctx: ::leyline::__private::DecodeCtx,
                ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                    #transcode
                }
            }

            #json_view

            #[automatically_derived]
            impl ::leyline::__private::serde::Serialize for #ident {
                fn serialize<S: ::leyline::__private::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    #serialize
                }
            }

            #[automatically_derived]
            impl<'de> ::leyline::__private::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::leyline::__private::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::core::result::Result<Self, D::Error> {
                    ::leyline::__private::json::serde::deserialize_message(deserializer)
                }
            }
        };
    }
}

/// One member's JSON writers: of the message, of its view, and for serde.
struct Writers {
    write: TokenStream,
    view_write: TokenStream,
    serialize: TokenStream,
}

fn plain_writers(p: &PlainField<'_>) -> Writers {
    let (f, key) = (p.ident, &p.key);
    let (e, names) = match p.shape {
        Shape::Singular(e) => (
            e,
            [
                "write_singular",
                "write_view_singular",
                "serialize_singular",
            ],
        ),
        Shape::Optional(e) => (
            e,
            [
                "write_optional",
                "write_view_optional",
                "serialize_optional",
            ],
        ),
        Shape::Repeated(e) => (
            e,
            [
                "write_repeated",
                "write_view_repeated",
                "serialize_repeated",
            ],
        ),
        Shape::Map { key: k, value: v } => {
            let (kc, vc) = (k.codec(), v.codec());
            let write = map_helper(quote!(::leyline::__private::json::write_map), k, v);
            let view_write = quote_spanned!(v.ty.span()=>
                ::leyline::__private::json::write_view_map::<#kc, #vc>);
            let serialize = quote_spanned!(v.ty.span()=>
                ::leyline::__private::json::serde::serialize_map::<#kc, #vc, _, _>);
            return Writers {
                write: quote!(#write(&#key, self.#f.len(), &self.#f, w)?;),
                view_write: quote!(#view_write(&#key, &view.#f, w)?;),
                serialize: quote!(#serialize(map, &#key, self.#f.len(), &self.#f)?;),
            };
        }
    };
    let (write, view_write) = (helper(names[0], e), helper(names[1], e));
    let c = e.codec();
    let serialize = proc_macro2::Ident::new(names[2], e.ty.span());
    let serialize = quote_spanned!(e.ty.span()=>
        ::leyline::__private::json::serde::#serialize::<#c, _>);
    Writers {
        write: quote!(#write(&#key, &self.#f, w)?;),
        view_write: quote!(#view_write(&#key, &view.#f, w)?;),
        serialize: quote!(#serialize(map, &#key, &self.#f)?;),
    }
}

fn oneof_writers(o: &HeldOneof<'_>) -> Writers {
    let (f, slot) = (o.ident, oneof_item(o.ty, false, "__json"));
    let write = oneof_helper(
        o.ty,
        quote!(::leyline::__private::json::write_oneof),
        quote!(),
    );
    let view_write = oneof_helper(
        o.ty,
        quote!(::leyline::__private::json::write_view_oneof),
        quote!(),
    );
    let serialize = oneof_helper(
        o.ty,
        quote!(::leyline::__private::json::serde::serialize_oneof),
        quote!(, _),
    );
    Writers {
        write: quote!(#write(#slot(&self.#f), w)?;),
        view_write: quote!(#view_write(&view.#f, w)?;),
        serialize: quote!(#serialize(map, #slot(&self.#f))?;),
    }
}

/// The `JsonType` of an ordinary message: an object of its fields.
fn message_json_type(ident: &syn::Ident) -> TokenStream {
    quote! {
        #[automatically_derived]
        impl ::leyline::__private::json::JsonType for #ident {
            #[inline]
            fn write_json(
                value: &Self,
                w: &mut ::leyline::__private::json::JsonWriter<'_>,
            ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                ::leyline::__private::json::write_message(value, w)
            }
            #[inline]
            fn read_json(
                r: &mut ::leyline::__private::json::JsonReader<'_>,
                value: &mut Self,
            ) -> ::core::result::Result<bool, ::leyline::__private::json::JsonError> {
                ::leyline::__private::json::read_message(r, value)
            }
            #[inline]
            fn view_is_default(_view: &<Self as ::leyline::__private::ProtoView>::View<'_>) -> bool {
                false
            }
            #[inline]
            fn write_view_json(
                view: &<Self as ::leyline::__private::ProtoView>::View<'_>,
                w: &mut ::leyline::__private::json::JsonWriter<'_>,
            ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                ::leyline::__private::json::write_message_view::<#ident>(view, w)
            }
            fn serialize_json<S: ::leyline::__private::serde::Serializer>(
                value: &Self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                ::leyline::__private::json::serde::serialize_message(value, s)
            }
            #[inline]
            fn transcode_json(
                field: ::leyline::__private::FieldValue<'_>,
                ctx: ::leyline::__private::DecodeCtx,
                w: &mut ::leyline::__private::json::JsonWriter<'_>,
            ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                ::leyline::__private::json::transcode_message::<Self>(field, ctx, w)
            }
        }
    }
}

/// The `JsonType` of a well-known wrapper: its bare value.
fn wrapper_json_type(ident: &syn::Ident, view: &syn::Ident, p: &PlainField<'_>) -> TokenStream {
    let f = p.ident;
    let c = match p.shape {
        Shape::Singular(e) | Shape::Optional(e) | Shape::Repeated(e) => json_type(e),
        Shape::Map { value, .. } => json_type(value),
    };
    quote! {
        #[automatically_derived]
        impl ::leyline::__private::json::JsonType for #ident {
            #[inline]
            fn write_json(
                value: &Self,
                w: &mut ::leyline::__private::json::JsonWriter<'_>,
            ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                #c::write_json(&value.#f, w)
            }
            #[inline]
            fn read_json(
                r: &mut ::leyline::__private::json::JsonReader<'_>,
                value: &mut Self,
            ) -> ::core::result::Result<bool, ::leyline::__private::json::JsonError> {
                #c::read_json(r, &mut value.#f)
            }
            #[inline]
            fn view_is_default(_view: &#view<'_>) -> bool {
                false
            }
            #[inline]
            fn write_view_json(
                view: &#view<'_>,
                w: &mut ::leyline::__private::json::JsonWriter<'_>,
            ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                #c::write_view_json(&view.#f, w)
            }
            fn serialize_json<S: ::leyline::__private::serde::Serializer>(
                value: &Self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                #c::serialize_json(&value.#f, s)
            }
        }
    }
}

/// The body of `__json_read`: the object loop, each key matched to a field
/// (by JSON or proto name) or a oneof variant, each field read once.
fn read_body(plains: &[PlainField<'_>], oneofs: &[HeldOneof<'_>], full_name: &str) -> TokenStream {
    let count = plains.len();
    let mut offsets = Vec::new();
    let mut previous = quote!(#count);
    for o in oneofs {
        let (offset, ty) = (&o.offset, o.ty);
        offsets.push(quote!(const #offset: usize = #previous;));
        let count = oneof_item(ty, true, "COUNT");
        previous = quote!(#offset + #count);
    }
    let total = previous;
    let mut arms = Vec::new();
    let mut reads = Vec::new();
    for (i, p) in plains.iter().enumerate() {
        let pattern = name_pattern(p.name);
        let json = json_name(p.name);
        arms.push(quote!(#pattern => ::core::option::Option::Some((#i, #json)),));
        let f = p.ident;
        let read = match p.shape {
            Shape::Singular(e) => helper("read_singular", e),
            Shape::Optional(e) => helper("read_optional", e),
            Shape::Repeated(e) => helper("read_repeated", e),
            Shape::Map { key, value } => {
                map_helper(quote!(::leyline::__private::json::read_map), key, value)
            }
        };
        let read = super::try_map(&quote!(#read(r, &mut self.#f)), &quote!(e.in_field(name)));
        reads.push(quote!(#i => #read,));
    }
    let fallback = if oneofs.is_empty() {
        quote!(_ => ::core::option::Option::None,)
    } else {
        let tries = oneofs.iter().map(|o| {
            let (offset, variant) = (&o.offset, oneof_item(o.ty, true, "__json_variant"));
            quote! {
                .or_else(|| #variant(other)
                    .map(|(i, n)| (#offset + i, n)))
            }
        });
        quote!(other => ::core::option::Option::None #(#tries)*,)
    };
    let mut next = oneofs.iter().skip(1).map(|o| &o.offset);
    for o in oneofs {
        let (offset, f) = (&o.offset, o.ident);
        let read = oneof_item(o.ty, true, "__json_read_variant");
        let slot = oneof_item(o.ty, false, "__json_mut");
        let end = match next.next() {
            Some(n) => quote!(#n),
            None => total.clone(),
        };
        reads.push(quote! {
            i if (#offset..#end).contains(&i) => {
                #read(#slot(&mut self.#f), i - #offset, r)?
            }
        });
    }
    quote! {
        #(#offsets)*
        const __LEYLINE_WORDS: usize = (#total).div_ceil(64);
        let mut __leyline_seen = [0u64; __LEYLINE_WORDS];
        let mut __leyline_members = r.begin_object()?;
        while let ::core::option::Option::Some(key) = r.next_key(&mut __leyline_members)? {
            let found: ::core::option::Option<(usize, &'static str)> = match r.text(&key) {
                #(#arms)*
                #fallback
            };
            let ::core::option::Option::Some((index, name)) = found else {
                r.unknown_field(&key, #full_name)?;
                continue;
            };
            r.seen(&mut __leyline_seen, index, name, &key)?;
            let _ = &name;
            match index {
                #(#reads)*
                _ => {}
            }
        }
        ::core::result::Result::Ok(())
    }
}

/// The body of `__json_transcode`: one pass over the records, each written
/// as it comes; the view writer when the pass cannot go on (see
/// `leyline::json`'s `stream`).
fn transcode_body(plains: &[PlainField<'_>], oneofs: &[HeldOneof<'_>]) -> TokenStream {
    let words = (plains.len() + oneofs.len()).div_ceil(64).max(1);
    let mut arms = Vec::new();
    let mut defaults = Vec::new();
    for (i, p) in plains.iter().enumerate() {
        let (n, key, json) = (p.number, &p.key, json_name(p.name));
        let call = match p.shape {
            Shape::Singular(e) => {
                let default = helper("stream_default_singular", e);
                defaults.push(quote!(#default(&__leyline_s, w, #i, &#key)?;));
                helper("stream_singular", e)
            }
            Shape::Optional(e) => helper("stream_optional", e),
            Shape::Repeated(e) => {
                defaults.push(quote!(::leyline::__private::json::stream_default_empty(&__leyline_s, w, #i, &#key, false);));
                helper("stream_repeated", e)
            }
            Shape::Map { key: k, value: v } => {
                defaults.push(quote!(::leyline::__private::json::stream_default_empty(&__leyline_s, w, #i, &#key, true);));
                let (kc, vc) = (k.codec(), v.codec());
                quote_spanned!(v.ty.span()=> ::leyline::__private::json::stream_map_entry::<#kc, #vc>)
            }
        };
        let call = super::try_map(
            &quote!(#call(&mut __leyline_s, w, #i, &#key, field, ctx)),
            &quote!(e.in_field(#json)),
        );
        arms.push(quote!(#n => #call,));
    }
    for (j, o) in oneofs.iter().enumerate() {
        let index = plains.len() + j;
        let numbers = oneof_item(o.ty, false, "NUMBERS");
        let stream = oneof_item(o.ty, true, "__json_stream_variant");
        arms.push(quote! {
            tag if ::leyline::__private::contains(#numbers, tag) => {
                #stream(
                    &mut __leyline_s, w, #index, tag, field, ctx,
                )?
            }
        });
    }
    quote! {
        let mut __leyline_seen = [0u64; #words];
        let mut __leyline_written = [0u64; #words];
        let mark = w.mark();
        w.begin_object();
        let streamed = {
            let mut __leyline_s =
                ::leyline::__private::json::Stream::new(&mut __leyline_seen, &mut __leyline_written);
            let mut __leyline_r = ::leyline::__private::Reader::new(bytes);
            let mut ok = true;
            while ok && !__leyline_r.is_empty() {
                let (tag, field) = __leyline_r.read_field(ctx)?;
                let _ = &field;
                ok = match tag {
                    #(#arms)*
                    _ => true,
                };
            }
            if ok {
                __leyline_s.close(w);
                if w.emit_defaults() {
                    #(#defaults)*
                }
            }
            ok
        };
        if !streamed {
            w.rewind(mark);
            let mut view = <<Self as ::leyline::__private::Contract>::View<'_> as ::core::default::Default>::default();
            ::leyline::__private::MessageView::__merge_view(&mut view, bytes, ctx)?;
            w.begin_object();
            <Self as ::leyline::__private::json::JsonFields>::__json_write_view_fields(&view, w)?;
        }
        w.end_object();
        ::core::result::Result::Ok(())
    }
}

pub(crate) fn enumeration(e: &Enumeration) -> TokenStream {
    let ident = &e.ident;
    let null = e.package == "google.protobuf" && *ident == "NullValue";
    quote! {
        const _: () = {
            #[automatically_derived]
            impl ::leyline::__private::json::JsonType for #ident {
                const NULL_IS_VALUE: bool = #null;

                #[inline]
                fn write_json(
                    value: &Self,
                    w: &mut ::leyline::__private::json::JsonWriter<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                    ::leyline::__private::json::write_enum(value, #null, w)
                }
                #[inline]
                fn read_json(
                    r: &mut ::leyline::__private::json::JsonReader<'_>,
                    value: &mut Self,
                ) -> ::core::result::Result<bool, ::leyline::__private::json::JsonError> {
                    ::leyline::__private::json::read_enum(r, value, #null)
                }
                #[inline]
                fn view_is_default(view: &Self) -> bool {
                    view.value() == 0
                }
                #[inline]
                fn write_view_json(
                    view: &Self,
                    w: &mut ::leyline::__private::json::JsonWriter<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                    ::leyline::__private::json::write_enum(view, #null, w)
                }
                fn serialize_json<S: ::leyline::__private::serde::Serializer>(
                    value: &Self,
                    s: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    ::leyline::__private::json::serialize_enum(value, #null, s)
                }
            }
        };
    }
}

pub(crate) fn oneof(o: &Oneof) -> TokenStream {
    let ident = &o.ident;
    let view = format_ident!("{}View", ident);
    let count = o.variants.len();
    let mut keys = Vec::new();
    let mut variant_arms = Vec::new();
    let mut name_arms = Vec::new();
    let mut read_arms = Vec::new();
    let mut write_arms = Vec::new();
    let mut view_arms = Vec::new();
    let mut serialize_arms = Vec::new();
    let mut stream_arms = Vec::new();
    for (i, v) in o.variants.iter().enumerate() {
        let vi = &v.ident;
        let name = &v.name.value;
        let json = json_name(name);
        let key = format_ident!("__LEYLINE_JSON_KEY_{}", i);
        keys.push(field_key(name, &key));
        let pattern = name_pattern(name);
        variant_arms.push(quote!(#pattern => ::core::option::Option::Some((#i, #json)),));
        name_arms.push(quote!(#ident::#vi(_) => #json,));
        let c = v.elem.codec();
        let jt = json_type(&v.elem);
        let span = v.elem.ty.span();
        let read = quote_spanned!(span=>
            ::leyline::__private::json::read_oneof_variant::<#ident, #c>);
        read_arms.push(quote!(#i => #read(slot, #json, r, #ident::#vi),));
        let in_field = quote!(e.in_field(#json));
        let write = super::map_err(&quote!(#jt::write_json(v, w)), &in_field);
        write_arms.push(quote! {
            #ident::#vi(v) => {
                w.field_key(&#key);
                #write
            }
        });
        let write = super::map_err(&quote!(#jt::write_view_json(v, w)), &in_field);
        view_arms.push(quote! {
            #view::#vi(v) => {
                w.field_key(&#key);
                #write
            }
        });
        serialize_arms.push(quote! {
            #ident::#vi(v) => map.serialize_entry(#json, &::leyline::__private::json::serde::Ser::<#c>(v)),
        });
        let n = u32::try_from(v.number.value).unwrap_or(0);
        let stream = quote_spanned!(span=> ::leyline::__private::json::stream_optional::<#c>);
        let stream = super::map_err(
            &quote!(#stream(s, w, index, &#key, field, ctx)),
            &quote!(e.in_field(#json)),
        );
        stream_arms.push(quote!(#n => #stream,));
    }
    quote! {
        const _: () = {
            #(#keys)*

            #[automatically_derived]
            impl ::leyline::__private::json::JsonOneof for #ident {
                const COUNT: usize = #count;

                fn __json_variant(key: &str) -> ::core::option::Option<(usize, &'static str)> {
                    match key {
                        #(#variant_arms)*
                        _ => ::core::option::Option::None,
                    }
                }

                #[inline]
                fn __json_name(&self) -> &'static str {
                    match self {
                        #(#name_arms)*
                    }
                }

                fn __json_read_variant(
                    slot: &mut ::core::option::Option<Self>,
                    index: usize,
                    r: &mut ::leyline::__private::json::JsonReader<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                    match index {
                        #(#read_arms)*
                        _ => ::core::result::Result::Ok(()),
                    }
                }

                #[inline]
                fn __json_write(
                    &self,
                    w: &mut ::leyline::__private::json::JsonWriter<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                    match self {
                        #(#write_arms)*
                    }
                }

                #[inline]
                fn __json_write_view(
                    view: &#view<'_>,
                    w: &mut ::leyline::__private::json::JsonWriter<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                    match view {
                        #(#view_arms)*
                    }
                }

                fn __serialize_entry<M: ::leyline::__private::serde::ser::SerializeMap>(
                    &self,
                    map: &mut M,
                ) -> ::core::result::Result<(), M::Error> {
                    match self {
                        #(#serialize_arms)*
                    }
                }

                #[inline]
                fn __json_stream_variant<'a>(
                    s: &mut ::leyline::__private::json::Stream<'_, 'a>,
                    w: &mut ::leyline::__private::json::JsonWriter<'_>,
                    index: usize,
                    tag: u32,
                    field: ::leyline::__private::FieldValue<'a>,
                    ctx: ::leyline::__private::DecodeCtx,
                ) -> ::core::result::Result<bool, ::leyline::__private::json::JsonError> {
                    match tag {
                        #(#stream_arms)*
                        _ => ::core::result::Result::Ok(true),
                    }
                }
            }
        };
    }
}

/// `JsonType` methods for a placeholder, none of them run.
fn placeholder_json_type(ident: &syn::Ident) -> TokenStream {
    quote! {
        impl ::leyline::__private::json::JsonType for #ident {
            fn write_json(
                _: &Self,
                _: &mut ::leyline::__private::json::JsonWriter<'_>,
            ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                ::core::unreachable!()
            }
            fn read_json(
                _: &mut ::leyline::__private::json::JsonReader<'_>,
                _: &mut Self,
            ) -> ::core::result::Result<bool, ::leyline::__private::json::JsonError> {
                ::core::unreachable!()
            }
            fn view_is_default(_: &()) -> bool {
                ::core::unreachable!()
            }
            fn write_view_json(
                _: &(),
                _: &mut ::leyline::__private::json::JsonWriter<'_>,
            ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                ::core::unreachable!()
            }
            fn serialize_json<S: ::leyline::__private::serde::Serializer>(
                _: &Self,
                _: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                ::core::unreachable!()
            }
        }
    }
}

/// For a message or enumeration with errors: a `JsonType` that is never run,
/// so that the contracts holding it report nothing more.
pub(crate) fn fallback_type(ident: &syn::Ident, generics: &syn::Generics) -> TokenStream {
    if !generics.params.is_empty() {
        return TokenStream::new();
    }
    let json_type = placeholder_json_type(ident);
    quote!(const _: () = { #json_type };)
}

/// For a oneof with errors: a `JsonOneof` with no variants.
pub(crate) fn fallback_oneof(ident: &syn::Ident, generics: &syn::Generics) -> TokenStream {
    if !generics.params.is_empty() {
        return TokenStream::new();
    }
    quote! {
        const _: () = {
            impl ::leyline::__private::json::JsonOneof for #ident {
                const COUNT: usize = 0;
                fn __json_variant(_: &str) -> ::core::option::Option<(usize, &'static str)> {
                    ::core::unreachable!()
                }
                fn __json_name(&self) -> &'static str {
                    ::core::unreachable!()
                }
                fn __json_read_variant(
                    _: &mut ::core::option::Option<Self>,
                    _: usize,
                    _: &mut ::leyline::__private::json::JsonReader<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                    ::core::unreachable!()
                }
                fn __json_write(
                    &self,
                    _: &mut ::leyline::__private::json::JsonWriter<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                    ::core::unreachable!()
                }
                fn __json_write_view(
                    _: &(),
                    _: &mut ::leyline::__private::json::JsonWriter<'_>,
                ) -> ::core::result::Result<(), ::leyline::__private::json::JsonError> {
                    ::core::unreachable!()
                }
                fn __serialize_entry<M: ::leyline::__private::serde::ser::SerializeMap>(
                    &self,
                    _: &mut M,
                ) -> ::core::result::Result<(), M::Error> {
                    ::core::unreachable!()
                }
                fn __json_stream_variant<'a>(
                    _: &mut ::leyline::__private::json::Stream<'_, 'a>,
                    _: &mut ::leyline::__private::json::JsonWriter<'_>,
                    _: usize,
                    _: u32,
                    _: ::leyline::__private::FieldValue<'a>,
                    _: ::leyline::__private::DecodeCtx,
                ) -> ::core::result::Result<bool, ::leyline::__private::json::JsonError> {
                    ::core::unreachable!()
                }
            }
        };
    }
}
