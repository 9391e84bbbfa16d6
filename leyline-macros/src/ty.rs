//! Reading a field's Rust type: its shape (singular, optional, repeated, map)
//! and its element types. Only the shape is decided here; what an element type
//! encodes as is left to the `ProtoType` trait, so user types need no annotation.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{GenericArgument, LitStr, PathArguments, Type};

/// Scalars the macro recognises by name, to check encoding overrides and map keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    U32,
    U64,
    I32,
    I64,
    F32,
    F64,
    Bool,
    String,
    /// `Vec<u8>`
    VecBytes,
    /// `bytes::Bytes`
    Bytes,
}

impl Builtin {
    fn rust_name(self) -> &'static str {
        match self {
            Builtin::U32 => "u32",
            Builtin::U64 => "u64",
            Builtin::I32 => "i32",
            Builtin::I64 => "i64",
            Builtin::F32 => "f32",
            Builtin::F64 => "f64",
            Builtin::Bool => "bool",
            Builtin::String => "String",
            Builtin::VecBytes => "Vec<u8>",
            Builtin::Bytes => "Bytes",
        }
    }
}

/// An integer encoding override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Sint32,
    Sint64,
    Fixed32,
    Fixed64,
    Sfixed32,
    Sfixed64,
}

impl Encoding {
    pub(crate) const ALL: &'static [&'static str] = &[
        "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64",
    ];

    pub(crate) fn parse(lit: &LitStr) -> syn::Result<Self> {
        Ok(match lit.value().as_str() {
            "sint32" => Encoding::Sint32,
            "sint64" => Encoding::Sint64,
            "fixed32" => Encoding::Fixed32,
            "fixed64" => Encoding::Fixed64,
            "sfixed32" => Encoding::Sfixed32,
            "sfixed64" => Encoding::Sfixed64,
            other => {
                return Err(syn::Error::new(
                    lit.span(),
                    format!(
                        "unknown encoding \"{other}\": expected one of {}",
                        Encoding::ALL.join(", ")
                    ),
                ))
            }
        })
    }

    fn name(self) -> &'static str {
        match self {
            Encoding::Sint32 => "sint32",
            Encoding::Sint64 => "sint64",
            Encoding::Fixed32 => "fixed32",
            Encoding::Fixed64 => "fixed64",
            Encoding::Sfixed32 => "sfixed32",
            Encoding::Sfixed64 => "sfixed64",
        }
    }

    /// The encodings that do fit a type, as advice: `; for u32 use "fixed32"`.
    fn fitting(builtin: Option<Builtin>) -> String {
        let names: Vec<String> = [
            Encoding::Sint32,
            Encoding::Sint64,
            Encoding::Fixed32,
            Encoding::Fixed64,
            Encoding::Sfixed32,
            Encoding::Sfixed64,
        ]
        .into_iter()
        .filter(|e| Some(e.applies_to()) == builtin)
        .map(|e| format!("\"{}\"", e.name()))
        .collect();
        match (builtin, names.is_empty()) {
            (Some(b), false) => format!("; for {} use {}", b.rust_name(), names.join(" or ")),
            _ => "; encodings apply to integer fields only".to_owned(),
        }
    }

    fn applies_to(self) -> Builtin {
        match self {
            Encoding::Sint32 | Encoding::Sfixed32 => Builtin::I32,
            Encoding::Sint64 | Encoding::Sfixed64 => Builtin::I64,
            Encoding::Fixed32 => Builtin::U32,
            Encoding::Fixed64 => Builtin::U64,
        }
    }

    fn marker(self) -> TokenStream {
        match self {
            Encoding::Sint32 => quote!(::leyline::__private::Sint32),
            Encoding::Sint64 => quote!(::leyline::__private::Sint64),
            Encoding::Fixed32 => quote!(::leyline::__private::Fixed32),
            Encoding::Fixed64 => quote!(::leyline::__private::Fixed64),
            Encoding::Sfixed32 => quote!(::leyline::__private::Sfixed32),
            Encoding::Sfixed64 => quote!(::leyline::__private::Sfixed64),
        }
    }
}

/// One element type: what goes in a singular field, a `Vec`, an `Option`, or a
/// map's key or value.
#[derive(Debug, Clone)]
pub(crate) struct Elem {
    /// The Rust type as written.
    pub(crate) ty: Type,
    /// A scalar the macro recognises by name, if any.
    pub(crate) builtin: Option<Builtin>,
    /// The encoding override, if any.
    pub(crate) encoding: Option<Encoding>,
    /// `packed = false` on a repeated field, with its span: one record per
    /// element instead of one packed run.
    pub(crate) unpacked: Option<Span>,
}

impl Elem {
    /// The `ProtoType` implementation that encodes this element.
    pub(crate) fn codec(&self) -> TokenStream {
        let span = self.span();
        match self.encoding {
            Some(e) => {
                let marker = e.marker();
                quote_spanned!(span=> #marker)
            }
            None => {
                let ty = &self.ty;
                quote_spanned!(span=> <#ty as ::leyline::__private::ProtoField>::Codec)
            }
        }
    }

    /// Where generated code naming this element's codec is reported: at the
    /// field's type, resolving names as the macro's other tokens do (so that
    /// locals stay the macro's). Every use of the codec is spanned so, which
    /// is what lets rustc report a type that is not a `ProtoType` once.
    pub(crate) fn span(&self) -> Span {
        at_type(&self.ty)
    }

    /// An item of this element's `ProtoType` (`TYPE`, `merge`, ...), every token
    /// spanned at the field's type so that a type which is not a `ProtoType` is
    /// reported once, at that type, however often generated code names it.
    pub(crate) fn proto(&self, item: &str) -> TokenStream {
        let span = self.span();
        let c = self.codec();
        let item = proc_macro2::Ident::new(item, span);
        quote_spanned!(span=> <#c as ::leyline::__private::ProtoType>::#item)
    }

    /// A generic helper of `leyline::__private` instantiated for this element
    /// (`singular_len::<C>`), spanned at the field's type like [`Elem::proto`].
    pub(crate) fn helper(&self, name: &str) -> TokenStream {
        let span = self.span();
        let c = self.codec();
        let name = proc_macro2::Ident::new(name, span);
        quote_spanned!(span=> ::leyline::__private::#name::<#c>)
    }

    /// A map helper of `leyline::__private` instantiated for a key and this
    /// value element (`map_len::<K, V, _>`), spanned at the value's type.
    pub(crate) fn map_helper(&self, name: &str, key: &Elem) -> TokenStream {
        let span = self.span();
        let (k, v) = (key.codec(), self.codec());
        let name = proc_macro2::Ident::new(name, span);
        quote_spanned!(span=> ::leyline::__private::#name::<#k, #v, _>)
    }

    /// Why this element cannot be a map key (`"float keys"`, and a remark to
    /// append), or `None` when it can. Keys are recognised by name: only the
    /// integer types, bool and String qualify, so enumerations and messages are
    /// rejected here, once, rather than by a cascade of trait errors from the
    /// generated code.
    pub(crate) fn invalid_map_key(&self) -> Option<(String, &'static str)> {
        match self.builtin {
            Some(
                Builtin::U32
                | Builtin::U64
                | Builtin::I32
                | Builtin::I64
                | Builtin::Bool
                | Builtin::String,
            ) => None,
            Some(Builtin::F32) => Some(("float keys".to_owned(), "")),
            Some(Builtin::F64) => Some(("double keys".to_owned(), "")),
            Some(Builtin::VecBytes | Builtin::Bytes) => Some(("bytes keys".to_owned(), "")),
            None => Some((
                format!("key type `{}`", show(&self.ty)),
                ", written by name (an enumeration, a message or a type alias cannot be a key)",
            )),
        }
    }

    /// Applies an `encoding = "..."` override, checking it fits the type.
    pub(crate) fn apply_encoding(&mut self, lit: &LitStr) -> syn::Result<()> {
        let enc = Encoding::parse(lit)?;
        if self.builtin != Some(enc.applies_to()) {
            let found = self
                .builtin
                .map_or_else(|| show(&self.ty), |b| b.rust_name().to_owned());
            return Err(syn::Error::new(
                lit.span(),
                format!(
                    "encoding = \"{}\" applies to {} values, but this field holds {}{}",
                    enc.name(),
                    enc.applies_to().rust_name(),
                    found,
                    Encoding::fitting(self.builtin)
                ),
            ));
        }
        self.encoding = Some(enc);
        Ok(())
    }
}

impl Elem {
    /// Applies `packed = ...` to the element of a repeated field. Only `false`
    /// means anything (proto3 packs numeric and enum fields already), and only
    /// for elements that can be packed: strings and bytes never are, and
    /// messages are rejected by a constant assertion, as the macro cannot tell
    /// them from enumerations by name.
    pub(crate) fn apply_packed(&mut self, packed: bool, span: Span) -> syn::Result<()> {
        if packed {
            return Err(syn::Error::new(
                span,
                "`packed = true` changes nothing: proto3 packs repeated numeric and enum fields by default; remove it (only `packed = false` is needed, to write one record per element)",
            ));
        }
        if let Some(b @ (Builtin::String | Builtin::VecBytes | Builtin::Bytes)) = self.builtin {
            return Err(syn::Error::new(
                span,
                format!(
                    "`packed = false` applies to repeated numeric and enum fields; a repeated {} is never packed, so remove it",
                    b.rust_name()
                ),
            ));
        }
        self.unpacked = Some(span);
        Ok(())
    }
}

/// How a field holds its elements.
// Built once per field while the macro runs: boxing the map variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub(crate) enum Shape {
    /// `T`: proto3 singular without presence (scalars, enums).
    Singular(Elem),
    /// `Option<T>`: proto3 `optional` for scalars and enums; a message field.
    Optional(Elem),
    /// `Vec<T>`: `repeated`.
    Repeated(Elem),
    /// `HashMap<K, V>` or `BTreeMap<K, V>`: `map<K, V>`.
    Map { key: Elem, value: Elem },
}

/// The generic arguments of the last path segment, if the type is a plain path
/// with that last identifier.
fn path_args<'a>(ty: &'a Type, name: &str) -> Option<Vec<&'a Type>> {
    let Type::Path(tp) = ty else { return None };
    if tp.qself.is_some() {
        return None;
    }
    let seg = tp.path.segments.last()?;
    if seg.ident != name {
        return None;
    }
    match &seg.arguments {
        PathArguments::AngleBracketed(args) => Some(
            args.args
                .iter()
                .filter_map(|a| match a {
                    GenericArgument::Type(t) => Some(t),
                    _ => None,
                })
                .collect(),
        ),
        PathArguments::None => Some(Vec::new()),
        PathArguments::Parenthesized(_) => None,
    }
}

fn single_arg<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    match path_args(ty, name) {
        Some(args) if args.len() == 1 => Some(args[0]),
        _ => None,
    }
}

fn is_u8(ty: &Type) -> bool {
    matches!(path_args(ty, "u8"), Some(a) if a.is_empty())
}

const SUPPORTED: &str = "supported types: u32, u64, i32, i64, f32, f64, bool, String, Vec<u8>, bytes::Bytes, \
a #[leyline::enumeration], a #[leyline::message] or a well-known type, wrapped as Option<T>, Vec<T>, \
HashMap<K, V> or BTreeMap<K, V>";

/// A type as the user would write it: `&'static str`, `HashMap<f32, String>`.
pub(crate) fn show(ty: &Type) -> String {
    let raw = ty.to_token_stream().to_string();
    let mut out = String::with_capacity(raw.len());
    let chars: Vec<char> = raw.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars.get(i + 1).copied();
            let keep = match (prev, next) {
                (Some(p), Some(n)) => (word(p) && word(n)) || p == ',',
                _ => false,
            };
            if keep {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// An unsupported type with a specific remedy.
fn unsupported(ty: &Type, why: &str) -> syn::Error {
    syn::Error::new(
        ty.span(),
        format!("unsupported field type `{}`: {why}", show(ty)),
    )
}

/// An unsupported type with no one remedy: the list of what is supported.
fn unsupported_listing(ty: &Type, why: &str) -> syn::Error {
    unsupported(ty, &format!("{why}; {SUPPORTED}"))
}

/// Reads one element type.
pub(crate) fn elem(ty: &Type, allow_box: bool) -> syn::Result<Elem> {
    let plain = |builtin| {
        Ok(Elem {
            ty: ty.clone(),
            builtin,
            encoding: None,
            unpacked: None,
        })
    };
    match ty {
        Type::Path(tp) if tp.qself.is_none() => {
            let Some(seg) = tp.path.segments.last() else {
                return Err(unsupported(ty, "empty path"));
            };
            let name = seg.ident.to_string();
            let no_args = matches!(seg.arguments, PathArguments::None);
            match name.as_str() {
                "u32" if no_args => plain(Some(Builtin::U32)),
                "u64" if no_args => plain(Some(Builtin::U64)),
                "i32" if no_args => plain(Some(Builtin::I32)),
                "i64" if no_args => plain(Some(Builtin::I64)),
                "f32" if no_args => plain(Some(Builtin::F32)),
                "f64" if no_args => plain(Some(Builtin::F64)),
                "bool" if no_args => plain(Some(Builtin::Bool)),
                "String" if no_args => plain(Some(Builtin::String)),
                "Bytes" if no_args => plain(Some(Builtin::Bytes)),
                "usize" | "isize" => Err(unsupported(ty, "its size depends on the platform; use u64 or i64")),
                "u8" | "i8" | "u16" | "i16" => Err(unsupported(
                    ty,
                    "protobuf has no 8- or 16-bit integers; use u32 or i32",
                )),
                "u128" | "i128" => Err(unsupported(ty, "protobuf has no 128-bit integers; use u64 or i64, or bytes")),
                "char" => Err(unsupported(ty, "use String")),
                "str" => Err(unsupported(ty, "use String")),
                "Vec" => match single_arg(ty, "Vec") {
                    Some(inner) if is_u8(inner) => plain(Some(Builtin::VecBytes)),
                    _ => Err(unsupported(ty, "a repeated field cannot be nested in another collection; declare a message holding the inner list")),
                },
                "Option" => Err(unsupported(ty, "Option cannot be nested in a collection (elements and map values are never absent)")),
                "HashMap" | "BTreeMap" => Err(unsupported(ty, "a map cannot be nested in another collection; declare a message holding the inner map")),
                "Box" => match single_arg(ty, "Box") {
                    Some(inner) if allow_box => {
                        let inner_elem = elem(inner, false)?;
                        if inner_elem.builtin.is_some() {
                            return Err(unsupported(ty, "only messages may be boxed"));
                        }
                        Ok(Elem { ty: ty.clone(), builtin: None, encoding: None, unpacked: None })
                    }
                    _ => Err(unsupported(ty, "Box<T> is only allowed as Option<Box<M>> or in a oneof variant, for a message M")),
                },
                _ if !no_args => Err(unsupported_listing(ty, "generic types cannot be fields")),
                _ => plain(None),
            }
        }
        Type::Tuple(t) if t.elems.is_empty() => Err(unsupported(
            ty,
            "the unit type carries no data; use leyline::Empty",
        )),
        Type::Tuple(_) => Err(unsupported(
            ty,
            "tuples have no protobuf equivalent; declare a message",
        )),
        Type::Array(_) | Type::Slice(_) => Err(unsupported(ty, "use Vec<T>")),
        Type::Reference(_) | Type::Ptr(_) => Err(unsupported(
            ty,
            "contracts own their data; use String, Vec<u8> or an owned type",
        )),
        Type::Group(g) => elem(&g.elem, allow_box),
        Type::Paren(p) => elem(&p.elem, allow_box),
        _ => Err(unsupported_listing(ty, "not a nameable data type")),
    }
}

/// Reads a field's shape.
pub(crate) fn shape(ty: &Type) -> syn::Result<Shape> {
    for wrapper in ["Option", "Vec"] {
        if matches!(path_args(ty, wrapper), Some(args) if args.len() != 1) {
            return Err(unsupported(
                ty,
                &format!("{wrapper}<T> takes exactly one type argument"),
            ));
        }
    }
    if let Some(inner) = single_arg(ty, "Option") {
        if path_args(inner, "Vec").is_some()
            && !matches!(single_arg(inner, "Vec"), Some(t) if is_u8(t))
        {
            return Err(unsupported(
                ty,
                "Option<Vec<T>> has no protobuf meaning (a repeated field is never absent); use Vec<T>",
            ));
        }
        if path_args(inner, "Option").is_some() {
            return Err(unsupported(
                ty,
                "Option<Option<T>> has no protobuf meaning; use Option<T>",
            ));
        }
        if path_args(inner, "HashMap").is_some() || path_args(inner, "BTreeMap").is_some() {
            return Err(unsupported(
                ty,
                "a map is never absent; use the map type directly",
            ));
        }
        return Ok(Shape::Optional(elem(inner, true)?));
    }
    if let Some(inner) = single_arg(ty, "Vec") {
        if is_u8(inner) {
            return Ok(Shape::Singular(elem(ty, false)?));
        }
        if path_args(inner, "Option").is_some() {
            // Reported at the `Option`, the token to remove.
            return Err(syn::Error::new(
                inner.span(),
                format!(
                    "unsupported field type `{}`: Vec<Option<T>> has no protobuf meaning (repeated elements cannot be absent); use Vec<T>",
                    show(ty)
                ),
            ));
        }
        return Ok(Shape::Repeated(elem(inner, false)?));
    }
    for map in ["HashMap", "BTreeMap"] {
        if let Some(args) = path_args(ty, map) {
            if args.len() != 2 {
                return Err(unsupported(ty, "a map takes a key and a value type"));
            }
            return Ok(Shape::Map {
                key: elem(args[0], false)?,
                value: elem(args[1], false)?,
            });
        }
    }
    Ok(Shape::Singular(elem(ty, false)?))
}

/// A span for errors about the whole type.
/// The location of `ty` with the hygiene of the macro's call site: where
/// generated code about a type is reported (see [`Elem::span`]).
pub(crate) fn at_type(ty: &Type) -> Span {
    Span::call_site().located_at(ty.span())
}

/// `<ty as Oneof>`, spanned at the oneof field's type: every use of a held
/// oneof's trait is, so that a type which is not a oneof is reported there.
///
/// The type's own tokens are spanned so too: each use then reports the same
/// location, and rustc prints one error for them all.
pub(crate) fn oneof_trait(ty: &Type) -> TokenStream {
    let span = at_type(ty);
    let ty = respan(ty.to_token_stream(), span);
    quote_spanned!(span=> <#ty as ::leyline::__private::Oneof>)
}

/// `tokens`, every one (groups included) spanned at `span`.
pub(crate) fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut t| {
            if let proc_macro2::TokenTree::Group(g) = &t {
                let mut group = proc_macro2::Group::new(g.delimiter(), respan(g.stream(), span));
                group.set_span(span);
                t = proc_macro2::TokenTree::Group(group);
            }
            t.set_span(span);
            t
        })
        .collect()
}

pub(crate) fn span_of(ty: &Type) -> Span {
    ty.span()
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    /// The error for `ty`, or what it was accepted as.
    fn error(ty: Type) -> String {
        shape(&ty).map_or_else(|e| e.to_string(), |s| format!("accepted as {s:?}"))
    }

    #[test]
    fn each_unsupported_type_names_itself_and_its_remedy() {
        let cases: Vec<(Type, &str)> = vec![
            (parse_quote!(usize), "unsupported field type `usize`: its size depends on the platform; use u64 or i64"),
            (parse_quote!(i16), "unsupported field type `i16`: protobuf has no 8- or 16-bit integers; use u32 or i32"),
            (parse_quote!(u128), "unsupported field type `u128`: protobuf has no 128-bit integers; use u64 or i64, or bytes"),
            (parse_quote!(char), "unsupported field type `char`: use String"),
            (parse_quote!(&'static str), "unsupported field type `&'static str`: contracts own their data; use String, Vec<u8> or an owned type"),
            (parse_quote!(Vec<Vec<u32>>), "unsupported field type `Vec<u32>`: a repeated field cannot be nested in another collection; declare a message holding the inner list"),
            (parse_quote!(Vec<Option<u32>>), "unsupported field type `Vec<Option<u32>>`: Vec<Option<T>> has no protobuf meaning (repeated elements cannot be absent); use Vec<T>"),
            (parse_quote!(Option<Vec<u32>>), "unsupported field type `Option<Vec<u32>>`: Option<Vec<T>> has no protobuf meaning (a repeated field is never absent); use Vec<T>"),
            (parse_quote!(Option<Option<u32>>), "unsupported field type `Option<Option<u32>>`: Option<Option<T>> has no protobuf meaning; use Option<T>"),
            (parse_quote!(Option<BTreeMap<u32, u32>>), "unsupported field type `Option<BTreeMap<u32, u32>>`: a map is never absent; use the map type directly"),
            (parse_quote!(HashMap<u32>), "unsupported field type `HashMap<u32>`: a map takes a key and a value type"),
            (parse_quote!(HashMap<u32, Vec<u32>>), "unsupported field type `Vec<u32>`: a repeated field cannot be nested in another collection; declare a message holding the inner list"),
            (parse_quote!(Vec<HashMap<u32, u32>>), "unsupported field type `HashMap<u32, u32>`: a map cannot be nested in another collection; declare a message holding the inner map"),
            (parse_quote!(HashMap<u32, Option<u32>>), "unsupported field type `Option<u32>`: Option cannot be nested in a collection (elements and map values are never absent)"),
            (parse_quote!(Option<Box<u32>>), "unsupported field type `Box<u32>`: only messages may be boxed"),
            (parse_quote!(Vec<Box<Node>>), "unsupported field type `Box<Node>`: Box<T> is only allowed as Option<Box<M>> or in a oneof variant, for a message M"),
            (parse_quote!(()), "unsupported field type `()`: the unit type carries no data; use leyline::Empty"),
            (parse_quote!((u32, u32)), "unsupported field type `(u32, u32)`: tuples have no protobuf equivalent; declare a message"),
            (parse_quote!([u8; 4]), "unsupported field type `[u8;4]`: use Vec<T>"),
            (parse_quote!(*const u8), "unsupported field type `*const u8`: contracts own their data; use String, Vec<u8> or an owned type"),
        ];
        for (ty, expected) in cases {
            assert_eq!(error(ty), expected);
        }
    }

    #[test]
    fn types_with_no_one_remedy_list_what_is_supported() {
        for ty in [
            parse_quote!(Wrapper<u32>),
            parse_quote!(fn() -> u32),
            parse_quote!(<T as Trait>::Out),
        ] {
            let text = error(ty);
            assert!(text.ends_with(SUPPORTED), "{text}");
        }
    }

    /// A shape as `(kind, builtin of each element)`, to compare whole.
    type Described = (&'static str, Vec<Option<Builtin>>);

    /// `ty`'s shape as a [`Described`], or the error.
    fn described(ty: Type) -> Result<Described, String> {
        Ok(match shape(&ty).map_err(|e| e.to_string())? {
            Shape::Singular(e) => ("singular", vec![e.builtin]),
            Shape::Optional(e) => ("optional", vec![e.builtin]),
            Shape::Repeated(e) => ("repeated", vec![e.builtin]),
            Shape::Map { key, value } => ("map", vec![key.builtin, value.builtin]),
        })
    }

    #[test]
    fn accepted_shapes() {
        let cases: Vec<(Type, Described)> = vec![
            (
                parse_quote!(Vec<u8>),
                ("singular", vec![Some(Builtin::VecBytes)]),
            ),
            (
                parse_quote!(Option<Vec<u8>>),
                ("optional", vec![Some(Builtin::VecBytes)]),
            ),
            (parse_quote!(Option<Box<Node>>), ("optional", vec![None])),
            (parse_quote!((u64)), ("singular", vec![Some(Builtin::U64)])),
            (
                parse_quote!(bytes::Bytes),
                ("singular", vec![Some(Builtin::Bytes)]),
            ),
            (
                parse_quote!(std::collections::BTreeMap<String, Seed>),
                ("map", vec![Some(Builtin::String), None]),
            ),
            (
                parse_quote!(Vec<f32>),
                ("repeated", vec![Some(Builtin::F32)]),
            ),
            (
                parse_quote!(Vec<bool>),
                ("repeated", vec![Some(Builtin::Bool)]),
            ),
            (
                parse_quote!(Option<f64>),
                ("optional", vec![Some(Builtin::F64)]),
            ),
            (
                parse_quote!(HashMap<u64, i64>),
                ("map", vec![Some(Builtin::U64), Some(Builtin::I64)]),
            ),
        ];
        for (ty, expected) in cases {
            assert_eq!(described(ty), Ok(expected));
        }
    }

    #[test]
    fn builtin_names_take_no_generic_arguments() {
        for ty in [
            parse_quote!(u32<T>),
            parse_quote!(u64<T>),
            parse_quote!(i32<T>),
            parse_quote!(i64<T>),
            parse_quote!(f32<T>),
            parse_quote!(f64<T>),
            parse_quote!(bool<T>),
            parse_quote!(String<T>),
            parse_quote!(Bytes<T>),
        ] {
            let text = error(ty);
            assert!(
                text.contains("`: generic types cannot be fields; supported types: "),
                "{text}"
            );
        }
    }

    #[test]
    fn odd_generic_arguments_are_refused() {
        let cases: Vec<(Type, &str)> = vec![
            // The wrapper's own argument count is what is wrong, not nesting.
            (parse_quote!(Option<u32, u32>), "unsupported field type `Option<u32, u32>`: Option<T> takes exactly one type argument"),
            (parse_quote!(Option), "unsupported field type `Option`: Option<T> takes exactly one type argument"),
            (parse_quote!(Vec<u32, u32>), "unsupported field type `Vec<u32, u32>`: Vec<T> takes exactly one type argument"),
            (parse_quote!(Vec), "unsupported field type `Vec`: Vec<T> takes exactly one type argument"),
            // `u8` with an argument is no byte: `Vec<u8<T>>` is a repeated `u8<T>`.
            (parse_quote!(Vec<u8<T> >), "unsupported field type `u8<T>`: protobuf has no 8- or 16-bit integers; use u32 or i32"),
            (parse_quote!(Option<HashMap<u32, u32>>), "unsupported field type `Option<HashMap<u32, u32>>`: a map is never absent; use the map type directly"),
        ];
        for (ty, expected) in cases {
            assert_eq!(error(ty), expected);
        }
    }

    #[test]
    fn a_type_from_a_macro_rules_is_read_through_its_invisible_group() {
        // `$t:ty` reaches the macro as a group without delimiters.
        let tokens: TokenStream = proc_macro2::TokenTree::Group(proc_macro2::Group::new(
            proc_macro2::Delimiter::None,
            quote!(u32),
        ))
        .into();
        let ty: Type = syn::parse2(tokens).unwrap();
        assert_eq!(described(ty), Ok(("singular", vec![Some(Builtin::U32)])));
    }

    #[test]
    fn a_path_with_no_segment_is_refused() {
        // syn never parses one, but its type allows it.
        let ty = Type::Path(syn::TypePath {
            qself: None,
            path: syn::Path {
                leading_colon: None,
                segments: syn::punctuated::Punctuated::new(),
            },
        });
        assert_eq!(
            elem(&ty, false).err().map(|e| e.to_string()),
            Some("unsupported field type ``: empty path".to_owned())
        );
    }

    #[test]
    fn encodings_fit_their_integer_type_or_say_which_do() {
        let elem_of = |ty: Type| elem(&ty, false).unwrap();
        let mut u32_field = elem_of(parse_quote!(u32));
        let err = u32_field
            .apply_encoding(&parse_quote!("sint64"))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "encoding = \"sint64\" applies to i64 values, but this field holds u32; for u32 use \"fixed32\""
        );
        u32_field.apply_encoding(&parse_quote!("fixed32")).unwrap();
        assert_eq!(u32_field.encoding, Some(Encoding::Fixed32));
        let mut text = elem_of(parse_quote!(String));
        assert_eq!(
            text.apply_encoding(&parse_quote!("sfixed32")).unwrap_err().to_string(),
            "encoding = \"sfixed32\" applies to i32 values, but this field holds String; encodings apply to integer fields only"
        );
        let mut message = elem_of(parse_quote!(Seed));
        assert_eq!(
            message.apply_encoding(&parse_quote!("fixed64")).unwrap_err().to_string(),
            "encoding = \"fixed64\" applies to u64 values, but this field holds Seed; encodings apply to integer fields only"
        );
        assert_eq!(
            message.apply_encoding(&parse_quote!("zigzag")).unwrap_err().to_string(),
            "unknown encoding \"zigzag\": expected one of sint32, sint64, fixed32, fixed64, sfixed32, sfixed64"
        );
    }

    #[test]
    fn map_keys_are_checked_by_name() {
        let key = |ty: Type| elem(&ty, false).unwrap().invalid_map_key();
        for ok in [
            parse_quote!(u32),
            parse_quote!(i64),
            parse_quote!(bool),
            parse_quote!(String),
        ] {
            assert_eq!(key(ok), None);
        }
        assert_eq!(key(parse_quote!(f32)), Some(("float keys".to_owned(), "")));
        assert_eq!(key(parse_quote!(f64)), Some(("double keys".to_owned(), "")));
        assert_eq!(
            key(parse_quote!(Vec<u8>)),
            Some(("bytes keys".to_owned(), ""))
        );
        assert_eq!(
            key(parse_quote!(Bytes)),
            Some(("bytes keys".to_owned(), ""))
        );
        let (what, why) = key(parse_quote!(Stage)).unwrap();
        assert_eq!(what, "key type `Stage`");
        assert!(why.contains("an enumeration, a message or a type alias cannot be a key"));
    }
}
