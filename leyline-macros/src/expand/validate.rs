//! Expansion of validation: the body of `Contract::__validate` for a message
//! and of `Oneof::__validate` for a oneof. Each rule becomes one call to a
//! check in `leyline::__private`; every message value (fields, repeated
//! elements, map values, oneof variants) is validated recursively, rules or not.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};

use crate::model::{FieldKind, Message, Oneof};
use crate::rules::{Lit, Rules, ValueKind};
use crate::ty::{Elem, Shape};

/// The body of `fn __validate(&self, path, errors)` of a message.
pub(crate) fn message_body(msg: &Message) -> TokenStream {
    let mut out = TokenStream::new();
    for f in &msg.fields {
        let ident = &f.ident;
        match &f.kind {
            FieldKind::Plain { name, shape, .. } => {
                out.extend(plain(ident, &name.value, shape, &f.rules));
            }
            FieldKind::Oneof { oneof_ty, name, .. } => {
                let fname = &name.value;
                let oneof = crate::ty::oneof_trait(oneof_ty);
                let validate = quote_spanned! {crate::ty::at_type(oneof_ty)=>
                    #oneof::__validate(__leyline_o, path, errors)
                };
                out.extend(if f.rules.required.is_some() {
                    quote! {
                        match &self.#ident {
                            ::core::option::Option::Some(__leyline_o) => #validate,
                            ::core::option::Option::None => {
                                ::leyline::__private::required(false, path.field(#fname), errors)
                            }
                        }
                    }
                } else {
                    quote! {
                        if let ::core::option::Option::Some(__leyline_o) = &self.#ident {
                            #validate;
                        }
                    }
                });
            }
            FieldKind::Unknown | FieldKind::Unusable { .. } => {}
        }
    }
    quote! {
        let _ = (path, &*errors);
        #out
    }
}

/// The body of `fn __validate(&self, path, errors)` of a oneof.
pub(crate) fn oneof_body(o: &Oneof) -> TokenStream {
    let ident = &o.ident;
    let arms = o.variants.iter().map(|v| {
        let vi = &v.ident;
        let name = &v.name.value;
        let p = quote!(path.field(#name));
        let checks = checks(&v.elem, &v.rules, &quote!(__leyline_v), &p);
        let recurse = recurse(&v.elem, &quote!(__leyline_v), &p);
        if checks.is_empty() && recurse.is_empty() {
            quote!(#ident::#vi(_) => {})
        } else {
            quote! {
                #ident::#vi(__leyline_v) => {
                    #checks
                    #recurse
                }
            }
        }
    });
    quote! {
        let _ = (path, &*errors);
        match self {
            #(#arms)*
        }
    }
}

/// Validation of one plain field.
fn plain(ident: &syn::Ident, fname: &str, shape: &Shape, rules: &Rules) -> TokenStream {
    let p = quote!(__leyline_p);
    match shape {
        Shape::Singular(e) => {
            let checks = checks(e, rules, &quote!(__leyline_v), &p);
            if checks.is_empty() {
                return TokenStream::new();
            }
            quote! {
                {
                    let __leyline_p = path.field(#fname);
                    let __leyline_v = &self.#ident;
                    #checks
                }
            }
        }
        Shape::Optional(e) => {
            let required = rules.required.map(|_| {
                quote! {
                    ::leyline::__private::required(self.#ident.is_some(), path.field(#fname), errors);
                }
            });
            let checks = checks(e, rules, &quote!(__leyline_v), &p);
            let recurse = recurse(e, &quote!(__leyline_v), &p);
            let present = (!checks.is_empty() || !recurse.is_empty()).then(|| {
                quote! {
                    if let ::core::option::Option::Some(__leyline_v) = &self.#ident {
                        let __leyline_p = path.field(#fname);
                        #checks
                        #recurse
                    }
                }
            });
            quote!(#required #present)
        }
        Shape::Repeated(e) => {
            let mut whole = TokenStream::new();
            if let Some(n) = &rules.min_items {
                let n = usize_lit(n.value);
                whole.extend(
                    quote!(::leyline::__private::min_items(self.#ident.len(), #n, #p, errors);),
                );
            }
            if let Some(n) = &rules.max_items {
                let n = usize_lit(n.value);
                whole.extend(
                    quote!(::leyline::__private::max_items(self.#ident.len(), #n, #p, errors);),
                );
            }
            if rules.unique.is_some() {
                whole.extend(quote!(::leyline::__private::unique(&self.#ident, #p, errors);));
            }
            let empty = Rules::default();
            let item_rules = rules.items.as_ref().map_or(&empty, |r| &r.value);
            let pi = quote!(__leyline_p.index(__leyline_i));
            let checks = checks(e, item_rules, &quote!(__leyline_v), &pi);
            let recurse = recurse(e, &quote!(__leyline_v), &pi);
            let each = if checks.is_empty() && recurse.is_empty() {
                TokenStream::new()
            } else {
                let each = quote! {
                    for (__leyline_i, __leyline_v) in self.#ident.iter().enumerate() {
                        #checks
                        #recurse
                    }
                };
                if checks.is_empty() {
                    // Only the recursion: skip the loop for elements that are not messages.
                    let is_message = e.proto("IS_MESSAGE");
                    quote!(if #is_message { #each })
                } else {
                    each
                }
            };
            if whole.is_empty() && each.is_empty() {
                return TokenStream::new();
            }
            quote! {
                {
                    let __leyline_p = path.field(#fname);
                    #whole
                    #each
                }
            }
        }
        Shape::Map { key, value } => {
            let mut whole = TokenStream::new();
            if let Some(n) = &rules.min_pairs {
                let n = usize_lit(n.value);
                whole.extend(
                    quote!(::leyline::__private::min_pairs(self.#ident.len(), #n, #p, errors);),
                );
            }
            if let Some(n) = &rules.max_pairs {
                let n = usize_lit(n.value);
                whole.extend(
                    quote!(::leyline::__private::max_pairs(self.#ident.len(), #n, #p, errors);),
                );
            }
            let empty = Rules::default();
            let key_rules = rules.keys.as_ref().map_or(&empty, |r| &r.value);
            let value_rules = rules.values.as_ref().map_or(&empty, |r| &r.value);
            let pk = quote!(__leyline_p.key(__leyline_key));
            let pv = quote!(__leyline_p.value(__leyline_key));
            let key_checks = checks(key, key_rules, &quote!(__leyline_k), &pk);
            let value_checks = checks(value, value_rules, &quote!(__leyline_v), &pv);
            let recurse = recurse(value, &quote!(__leyline_v), &pv);
            let key_part = (!key_checks.is_empty()).then(|| key_checks.clone());
            let value_part = (!value_checks.is_empty() || !recurse.is_empty()).then(|| {
                quote! {
                    #value_checks
                    #recurse
                }
            });
            let each = if key_part.is_none() && value_part.is_none() {
                TokenStream::new()
            } else {
                let each = quote! {
                    for (__leyline_k, __leyline_v) in &self.#ident {
                        let __leyline_key = ::leyline::__private::AsPathKey::as_path_key(__leyline_k);
                        #key_part
                        #value_part
                    }
                };
                if key_checks.is_empty() && value_checks.is_empty() {
                    let is_message = value.proto("IS_MESSAGE");
                    quote!(if #is_message { #each })
                } else {
                    each
                }
            };
            if whole.is_empty() && each.is_empty() {
                return TokenStream::new();
            }
            quote! {
                {
                    let __leyline_p = path.field(#fname);
                    #whole
                    #each
                }
            }
        }
    }
}

/// Validates a value that may be a message (the element type is not a scalar
/// the macro knows): `Element::__validate` does nothing for enumerations.
fn recurse(e: &Elem, v: &TokenStream, p: &TokenStream) -> TokenStream {
    if e.builtin.is_some() {
        return TokenStream::new();
    }
    let c = e.codec();
    let validate = quote_spanned!(e.span()=> <#c as ::leyline::__private::Element>::__validate);
    quote!(#validate(#v, &#p, errors);)
}

fn usize_lit(n: u64) -> Literal {
    Literal::u64_unsuffixed(n)
}

/// A number literal typed as the field's Rust type.
fn number_lit(kind: ValueKind, e: &Elem, lit: &Lit) -> TokenStream {
    use crate::ty::Builtin;
    let n = match lit {
        Lit::Int(n) => *n,
        Lit::Float(f) => {
            return match kind {
                ValueKind::Float { proto: "float" } => {
                    let l = Literal::f32_suffixed(*f as f32);
                    quote!(#l)
                }
                _ => {
                    let l = Literal::f64_suffixed(*f);
                    quote!(#l)
                }
            }
        }
        Lit::Str(s) => return quote!(#s),
    };
    match e.builtin {
        Some(Builtin::F32) => {
            let l = Literal::f32_suffixed(n as f32);
            quote!(#l)
        }
        Some(Builtin::F64) => {
            let l = Literal::f64_suffixed(n as f64);
            quote!(#l)
        }
        Some(Builtin::U32) => {
            let l = Literal::u32_suffixed(n as u32);
            quote!(#l)
        }
        Some(Builtin::U64) => {
            let l = Literal::u64_suffixed(n as u64);
            quote!(#l)
        }
        Some(Builtin::I32) if n == i128::from(i32::MIN) => quote!(::core::primitive::i32::MIN),
        Some(Builtin::I32) => {
            let l = Literal::i32_suffixed(n as i32);
            quote!(#l)
        }
        Some(Builtin::I64) if n == i128::from(i64::MIN) => quote!(::core::primitive::i64::MIN),
        _ => {
            let l = Literal::i64_suffixed(n as i64);
            quote!(#l)
        }
    }
}

/// The checks of one value `v` (an expression of type `&T`) at path `p` (an
/// expression of type `FieldPath`). Empty when there are no rules.
fn checks(e: &Elem, rules: &Rules, v: &TokenStream, p: &TokenStream) -> TokenStream {
    // The checks take the path itself (a few words on the stack, dead unless a
    // check fails), not a closure: every check function is then instantiated
    // once for all fields, rather than once for each closure type.
    let path = p;
    let p = &quote!(__leyline_path);
    let kind = ValueKind::of(e);
    let mut out = TokenStream::new();
    match kind {
        ValueKind::Int { proto, .. } | ValueKind::Float { proto } => {
            // The proto type name prefixes the rule ids (`float.gte`).
            let id = |rule: &str| format!("{proto}.{rule}");
            for (rule, lit, f) in [
                ("const", &rules.konst, quote!(num_const)),
                ("gt", &rules.gt, quote!(num_gt)),
                ("gte", &rules.gte, quote!(num_gte)),
                ("lt", &rules.lt, quote!(num_lt)),
                ("lte", &rules.lte, quote!(num_lte)),
            ] {
                if let Some(lit) = lit {
                    let l = number_lit(kind, e, &lit.value);
                    let id = id(rule);
                    out.extend(quote!(::leyline::__private::#f(*#v, #l, #id, #p, errors);));
                }
            }
            for (rule, list, f) in [
                ("in", &rules.in_list, quote!(num_in)),
                ("not_in", &rules.not_in, quote!(num_not_in)),
            ] {
                if let Some(list) = list {
                    let lits = list.value.iter().map(|l| number_lit(kind, e, &l.value));
                    let id = id(rule);
                    out.extend(
                        quote!(::leyline::__private::#f(*#v, &[#(#lits),*], #id, #p, errors);),
                    );
                }
            }
            if rules.finite.is_some() {
                let id = id("finite");
                out.extend(quote!(::leyline::__private::finite(::core::convert::From::from(*#v), #id, #p, errors);));
            }
        }
        ValueKind::String => {
            let s = quote!(::core::convert::AsRef::<str>::as_ref(#v));
            if let Some(n) = &rules.min_len {
                let n = usize_lit(n.value);
                out.extend(quote!(::leyline::__private::str_min_len(#s, #n, #p, errors);));
            }
            if let Some(n) = &rules.max_len {
                let n = usize_lit(n.value);
                out.extend(quote!(::leyline::__private::str_max_len(#s, #n, #p, errors);));
            }
            if let Some(n) = &rules.len {
                let n = usize_lit(n.value);
                out.extend(quote!(::leyline::__private::str_len(#s, #n, #p, errors);));
            }
            if rules.not_empty.is_some() {
                out.extend(quote!(::leyline::__private::str_not_empty(#s, #p, errors);));
            }
            if let Some(pattern) = &rules.pattern {
                let source = &pattern.value;
                out.extend(quote! {
                    {
                        static __LEYLINE_PATTERN: ::leyline::__private::Pattern = ::leyline::__private::Pattern::new(#source);
                        ::leyline::__private::str_pattern(#s, &__LEYLINE_PATTERN, #p, errors);
                    }
                });
            }
            if let Some(prefix) = &rules.prefix {
                let x = &prefix.value;
                out.extend(quote!(::leyline::__private::str_prefix(#s, #x, #p, errors);));
            }
            if let Some(suffix) = &rules.suffix {
                let x = &suffix.value;
                out.extend(quote!(::leyline::__private::str_suffix(#s, #x, #p, errors);));
            }
            if rules.uuid.is_some() {
                out.extend(quote!(::leyline::__private::str_uuid(#s, #p, errors);));
            }
            if let Some(Lit::Str(x)) = rules.konst.as_ref().map(|l| &l.value) {
                out.extend(quote!(::leyline::__private::str_const(#s, #x, #p, errors);));
            }
            for (list, f) in [
                (&rules.in_list, quote!(str_in)),
                (&rules.not_in, quote!(str_not_in)),
            ] {
                if let Some(list) = list {
                    let lits = list.value.iter().map(|l| number_lit(kind, e, &l.value));
                    out.extend(quote!(::leyline::__private::#f(#s, &[#(#lits),*], #p, errors);));
                }
            }
        }
        ValueKind::Bytes => {
            let b = quote!(::core::convert::AsRef::<[u8]>::as_ref(#v));
            if let Some(n) = &rules.min_len {
                let n = usize_lit(n.value);
                out.extend(quote!(::leyline::__private::bytes_min_len(#b, #n, #p, errors);));
            }
            if let Some(n) = &rules.max_len {
                let n = usize_lit(n.value);
                out.extend(quote!(::leyline::__private::bytes_max_len(#b, #n, #p, errors);));
            }
            if let Some(n) = &rules.len {
                let n = usize_lit(n.value);
                out.extend(quote!(::leyline::__private::bytes_len(#b, #n, #p, errors);));
            }
            if rules.not_empty.is_some() {
                out.extend(quote!(::leyline::__private::bytes_not_empty(#b, #p, errors);));
            }
        }
        ValueKind::Bool => {}
        ValueKind::Other => {
            if let Some(span) = rules.defined_only {
                let ty = &e.ty;
                let check = quote_spanned!(span=> ::leyline::__private::defined_only::<#ty>);
                out.extend(quote!(#check(#v, #p, errors);));
            }
        }
    }
    if out.is_empty() {
        return out;
    }
    quote! {
        let __leyline_path = #path;
        #out
    }
}
