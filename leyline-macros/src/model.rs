//! The parsed contract: messages, fields, oneofs and enumerations with their
//! numbers and spans. Built from syn items and darling attributes; checked by
//! `check`; read by the expansion modules.
//!
//! Parsing never stops at a mistake: it reports it and keeps everything else
//! it could read, so that the checks still run on the rest of the item and one
//! compile shows every error.

use darling::error::Accumulator;
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Fields, Ident, ItemEnum, ItemStruct, LitStr, Type};

use crate::attr::{self, EnumArgs, FieldAttr, MessageArgs, Number, ReservedRange, VariantAttr};
use crate::rules::Rules;
use crate::ty::{self, Elem, Shape};

/// A proto name with the span to blame for it.
#[derive(Debug, Clone)]
pub(crate) struct ProtoName {
    pub(crate) value: String,
    pub(crate) span: Span,
}

/// A `#[leyline::message]` struct.
#[derive(Debug)]
pub(crate) struct Message {
    pub(crate) ident: Ident,
    pub(crate) package: String,
    /// Where `package = "..."` was written; `None` when the arguments did not parse.
    pub(crate) package_span: Option<Span>,
    pub(crate) docs: String,
    pub(crate) reserved: Vec<ReservedRange>,
    pub(crate) reserved_names: Vec<LitStr>,
    pub(crate) well_known: Option<String>,
    /// `max_size = N`.
    pub(crate) max_size: Option<Number>,
    /// `parent = Message`: the message whose proto scope holds this one.
    pub(crate) parent: Option<syn::Path>,
    /// Whether a borrowed view is generated (`view = false` turns it off).
    pub(crate) view: bool,
    pub(crate) fields: Vec<Field>,
}

/// A field of a message.
#[derive(Debug)]
pub(crate) struct Field {
    pub(crate) ident: Ident,
    pub(crate) docs: String,
    pub(crate) kind: FieldKind,
    /// `validate(...)`, empty when absent.
    pub(crate) rules: Rules,
    /// `split`, with its span.
    pub(crate) split: Option<Span>,
}

// Built once per field while the macro runs: boxing the large variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub(crate) enum FieldKind {
    /// An ordinary field.
    Plain {
        number: Number,
        name: ProtoName,
        shape: Shape,
    },
    /// `#[leyline(oneof)] x: Option<TheOneof>`; `path` is the type's path
    /// (see [`oneof_path`]), which also names the oneof's callback macro.
    Oneof {
        oneof_ty: Type,
        path: syn::Path,
        name: ProtoName,
    },
    /// `#[leyline(unknown_fields)] x: UnknownFields`
    Unknown,
    /// A numbered field whose type or encoding was rejected (the error is
    /// already reported); kept so that its number and name are still checked.
    Unusable { number: Number, name: ProtoName },
}

/// A `#[leyline::oneof]` enum.
#[derive(Debug)]
pub(crate) struct Oneof {
    pub(crate) ident: Ident,
    pub(crate) variants: Vec<OneofVariant>,
}

#[derive(Debug)]
pub(crate) struct OneofVariant {
    pub(crate) ident: Ident,
    pub(crate) number: Number,
    pub(crate) name: ProtoName,
    pub(crate) elem: Elem,
    pub(crate) docs: String,
    /// `validate(...)`, empty when absent.
    pub(crate) rules: Rules,
}

/// A `#[leyline::enumeration]` enum.
#[derive(Debug)]
pub(crate) struct Enumeration {
    pub(crate) ident: Ident,
    pub(crate) package: String,
    /// Where `package = "..."` was written; `None` when the arguments did not parse.
    pub(crate) package_span: Option<Span>,
    /// The first variant as declared, whether or not it parsed (`None` for an
    /// empty enum): the zero-value rule applies to it only.
    pub(crate) first_declared: Option<Ident>,
    pub(crate) docs: String,
    pub(crate) allow_alias: Option<Span>,
    pub(crate) reserved: Vec<ReservedRange>,
    pub(crate) reserved_names: Vec<LitStr>,
    pub(crate) well_known: Option<String>,
    /// `parent = Message`: the message whose proto scope holds this enum.
    pub(crate) parent: Option<syn::Path>,
    pub(crate) variants: Vec<EnumVariant>,
    pub(crate) span: Span,
}

#[derive(Debug)]
pub(crate) struct EnumVariant {
    pub(crate) ident: Ident,
    pub(crate) value: Number,
    pub(crate) name: ProtoName,
    pub(crate) docs: String,
}

/// `SeedOperation` → `seed_operation`.
pub(crate) fn snake_case(ident: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = ident.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `FineTuning` → `FINE_TUNING`.
pub(crate) fn screaming_snake_case(ident: &str) -> String {
    snake_case(ident).to_uppercase()
}

/// Refuses generic parameters, or a `where` clause alone, pointing at them.
fn check_generics(generics: &syn::Generics, what: &str, errors: &mut Accumulator) {
    let culprit = if !generics.params.is_empty() {
        generics.params.span()
    } else if let Some(clause) = &generics.where_clause {
        clause.span()
    } else {
        return;
    };
    errors.push(
        darling::Error::custom(format!(
            "{what} cannot be generic: a protobuf contract has one fixed schema; declare a concrete type"
        ))
        .with_span(&culprit),
    );
}

impl Message {
    /// Reads a message; `args` is `None` when the macro arguments did not parse
    /// (that error is already reported).
    pub(crate) fn parse(
        args: Option<MessageArgs>,
        item: &ItemStruct,
        errors: &mut Accumulator,
    ) -> Message {
        check_generics(&item.generics, "a #[leyline::message] struct", errors);
        let named = match &item.fields {
            Fields::Named(named) => Some(named),
            Fields::Unnamed(f) => {
                errors.push(
                    darling::Error::custom(
                        "#[leyline::message] needs named fields: a tuple struct has no field names for the schema; write `struct Name { field: Type }`",
                    )
                    .with_span(f),
                );
                None
            }
            Fields::Unit => {
                errors.push(
                    darling::Error::custom(
                        "#[leyline::message] needs named fields: for a message without fields write `struct Name {}`",
                    )
                    .with_span(&item.ident),
                );
                None
            }
        };
        let fields = named
            .iter()
            .flat_map(|n| n.named.iter())
            .filter_map(|f| Field::parse(f, errors))
            .collect();
        let view = args.as_ref().and_then(|a| a.view).unwrap_or(true);
        let (package, package_span, reserved, reserved_names, well_known, max_size, parent) =
            match args {
                Some(args) => (
                    args.package.as_ref().clone(),
                    Some(args.package.span()),
                    args.reserved.0,
                    args.reserved_names.0,
                    args.well_known,
                    args.max_size,
                    args.parent,
                ),
                None => (
                    String::new(),
                    None,
                    Vec::new(),
                    Vec::new(),
                    None,
                    None,
                    None,
                ),
            };
        Message {
            ident: item.ident.clone(),
            package,
            package_span,
            docs: attr::docs(&item.attrs),
            reserved,
            reserved_names,
            well_known,
            max_size,
            parent,
            view,
            fields,
        }
    }

    /// The proto name of the message.
    pub(crate) fn name(&self) -> String {
        self.ident.to_string()
    }

    /// The fully qualified proto name: package, parent (if nested), name.
    pub(crate) fn full_name(&self) -> String {
        full_name(&self.package, self.parent.as_ref(), &self.name())
    }
}

/// The name of the message a `parent = Path` names: the path's last identifier,
/// which is that message's proto name.
pub(crate) fn parent_name(parent: &syn::Path) -> String {
    parent
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// `package.Name`, or `package.Parent.Name` for a nested type.
pub(crate) fn full_name(package: &str, parent: Option<&syn::Path>, name: &str) -> String {
    match parent {
        Some(parent) => format!("{package}.{}.{name}", parent_name(parent)),
        None => format!("{package}.{name}"),
    }
}

impl Field {
    /// Reads a field, reporting its mistakes; `None` when nothing checkable is
    /// left (no number, or an attribute that did not parse).
    fn parse(f: &syn::Field, errors: &mut Accumulator) -> Option<Field> {
        let ident = f.ident.clone()?;
        let (attr, attr_span): (FieldAttr, Span) = match attr::parse_leyline_attrs(&f.attrs) {
            Ok(Some(found)) => found,
            Ok(None) => {
                errors.push(
                    darling::Error::custom(format!(
                        "field `{ident}` needs a number: add `#[leyline(field = N)]` (or `#[leyline(oneof)]` for a oneof, `#[leyline(unknown_fields)]` for the unknown-field store)"
                    ))
                    .with_span(&ident),
                );
                return None;
            }
            Err(e) => {
                errors.push(e);
                return None;
            }
        };
        let docs = attr::docs(&f.attrs);
        let name = match &attr.name {
            Some(lit) => ProtoName {
                value: lit.value(),
                span: lit.span(),
            },
            None => ProtoName {
                value: ident.to_string().trim_start_matches("r#").to_owned(),
                span: ident.span(),
            },
        };
        let kinds = usize::from(attr.field.is_some())
            + usize::from(attr.oneof.is_present())
            + usize::from(attr.unknown_fields.is_present());
        if kinds > 1 {
            errors.push(
                darling::Error::custom(
                    "`field = N`, `oneof` and `unknown_fields` exclude each other: choose one",
                )
                .with_span(&attr_span),
            );
            return None;
        }
        let split = attr.split.is_present().then(|| attr.split.span());
        let rules = attr.validate.clone().unwrap_or_default();
        if attr.unknown_fields.is_present() {
            if attr.validate.is_some() || split.is_some() || attr.packed.is_some() {
                errors.push(
                    darling::Error::custom(
                        "the unknown-field store takes no `validate(...)`, `split` or `packed`: it holds whatever fields arrive",
                    )
                    .with_span(&attr_span),
                );
            }
            return Some(Field {
                ident,
                docs,
                kind: FieldKind::Unknown,
                rules: Rules::default(),
                split: None,
            });
        }
        if attr.oneof.is_present() {
            if let Some(packed) = &attr.packed {
                errors.push(
                    darling::Error::custom(
                        "`packed` does not apply to a oneof: its variants are never repeated",
                    )
                    .with_span(&packed.span()),
                );
            }
            let Some(inner) = option_inner(&f.ty) else {
                errors.push(
                    darling::Error::custom(format!(
                        "oneof field `{ident}` must be written `Option<{}>`: a oneof with no variant set is a valid state",
                        ty::show(&f.ty)
                    ))
                    .with_span(&f.ty),
                );
                return None;
            };
            let Some(path) = oneof_path(inner) else {
                errors.push(
                    darling::Error::custom(format!(
                        "oneof field `{ident}` must name a #[leyline::oneof] enum by its path, as `Option<Payload>` or `Option<payloads::Payload>`; `{}` is not one",
                        ty::show(inner)
                    ))
                    .with_span(inner),
                );
                return None;
            };
            return Some(Field {
                ident,
                docs,
                kind: FieldKind::Oneof {
                    oneof_ty: inner.clone(),
                    path: path.clone(),
                    name,
                },
                rules,
                split,
            });
        }
        let Some(number) = attr.field else {
            errors.push(
                darling::Error::custom(format!(
                    "field `{ident}` needs a number: add `field = N` to its #[leyline(...)]"
                ))
                .with_span(&attr_span),
            );
            return None;
        };
        let mut local = darling::Error::accumulator();
        let mut shape = local.handle(ty::shape(&f.ty).map_err(darling::Error::from));
        if let Some(lit) = &attr.encoding {
            let target = match &mut shape {
                Some(Shape::Singular(e) | Shape::Optional(e) | Shape::Repeated(e)) => Some(e),
                Some(Shape::Map { value, .. }) => Some(value),
                None => None,
            };
            if let Some(e) = target {
                local.handle(e.apply_encoding(lit).map_err(darling::Error::from));
            }
        }
        if let Some(lit) = &attr.key_encoding {
            match &mut shape {
                Some(Shape::Map { key, .. }) => {
                    local.handle(key.apply_encoding(lit).map_err(darling::Error::from));
                }
                Some(_) => local.push(
                    darling::Error::custom("`key_encoding` applies to map fields only")
                        .with_span(lit),
                ),
                None => {}
            }
        }
        if let Some(packed) = &attr.packed {
            match &mut shape {
                Some(Shape::Repeated(e)) => {
                    local.handle(e.apply_packed(*packed.as_ref(), packed.span()).map_err(darling::Error::from));
                }
                Some(Shape::Map { .. }) => local.push(
                    darling::Error::custom(
                        "`packed` does not apply to map fields: each entry is a message of its own, and messages are never packed",
                    )
                    .with_span(&packed.span()),
                ),
                Some(_) => local.push(
                    darling::Error::custom(
                        "`packed` applies to repeated (`Vec<T>`) numeric and enum fields only",
                    )
                    .with_span(&packed.span()),
                ),
                None => {}
            }
        }
        let local = local.into_inner();
        let usable = local.is_empty();
        for e in local {
            errors.push(e);
        }
        let kind = match shape {
            Some(shape) if usable => FieldKind::Plain {
                number,
                name,
                shape,
            },
            _ => FieldKind::Unusable { number, name },
        };
        Some(Field {
            ident,
            docs,
            kind,
            rules,
            split,
        })
    }
}

/// The path naming a oneof field's enum (`payloads::Payload`), which also
/// names the oneof's callback macro (see `crate::held`): a path without `Self`,
/// qualified parts or generic arguments.
pub(crate) fn oneof_path(ty: &Type) -> Option<&syn::Path> {
    match ty {
        Type::Group(g) => oneof_path(&g.elem),
        Type::Paren(p) => oneof_path(&p.elem),
        Type::Path(tp)
            if tp.qself.is_none()
                && tp
                    .path
                    .segments
                    .iter()
                    .all(|s| s.arguments.is_none() && s.ident != "Self") =>
        {
            Some(&tp.path)
        }
        _ => None,
    }
}

fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(tp) = ty else { return None };
    let seg = tp.path.segments.last()?;
    if seg.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

impl Oneof {
    pub(crate) fn parse(item: &ItemEnum, errors: &mut Accumulator) -> Oneof {
        check_generics(&item.generics, "a #[leyline::oneof] enum", errors);
        if item.variants.is_empty() {
            errors.push(
                darling::Error::custom(format!(
                    "oneof `{}` has no variants: a oneof needs at least one",
                    item.ident
                ))
                .with_span(&item.ident),
            );
        }
        let variants = item
            .variants
            .iter()
            .filter_map(|v| OneofVariant::parse(v, errors))
            .collect();
        Oneof {
            ident: item.ident.clone(),
            variants,
        }
    }
}

impl OneofVariant {
    /// Reads a variant, reporting its mistakes; `None` when its number or its
    /// type is missing (each has its error reported). Like a field, a variant
    /// with a mistake elsewhere is kept, so that its number and name are still
    /// checked.
    fn parse(v: &syn::Variant, errors: &mut Accumulator) -> Option<OneofVariant> {
        // `None` when the attribute did not parse (its error is reported);
        // `Some(None)` when there is none.
        let read: Option<Option<(FieldAttr, Span)>> =
            errors.handle(attr::parse_leyline_attrs(&v.attrs));
        let ty = match &v.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => f.unnamed.first().map(|f| f.ty.clone()),
            other => {
                errors.push(
                    darling::Error::custom(format!(
                        "oneof variant `{}` must hold exactly one value, as `{}(T)`",
                        v.ident, v.ident
                    ))
                    .with_span(&if matches!(other, Fields::Unit) {
                        v.ident.span()
                    } else {
                        other.span()
                    }),
                );
                None
            }
        };
        let mut elem = ty.as_ref().and_then(|ty| {
            if let Ok(Shape::Repeated(_) | Shape::Map { .. }) = ty::shape(ty) {
                errors.push(
                    darling::Error::custom(format!(
                        "oneof variant `{}` cannot hold a repeated or map field (protobuf forbids them in a oneof); wrap it in a message",
                        v.ident
                    ))
                    .with_span(ty),
                );
                return None;
            }
            errors.handle(ty::elem(ty, true).map_err(darling::Error::from))
        });
        let number = match &read {
            Some(Some((FieldAttr { field: Some(n), .. }, _))) => Some(*n),
            Some(Some((_, span))) => {
                errors.push(
                    darling::Error::custom(format!(
                        "oneof variant `{}` needs `field = N`",
                        v.ident
                    ))
                    .with_span(span),
                );
                None
            }
            Some(None) => {
                errors.push(
                    darling::Error::custom(format!(
                        "oneof variant `{}` needs a number: add `#[leyline(field = N)]`",
                        v.ident
                    ))
                    .with_span(&v.ident),
                );
                None
            }
            // The attribute's own error says what is wrong with it.
            None => None,
        };
        let parsed = read.flatten();
        if let Some((attr, span)) = &parsed {
            if attr.oneof.is_present()
                || attr.unknown_fields.is_present()
                || attr.key_encoding.is_some()
                || attr.packed.is_some()
                || attr.split.is_present()
            {
                errors.push(
                    darling::Error::custom(
                        "only `field`, `name`, `encoding` and `validate` apply to a oneof variant",
                    )
                    .with_span(span),
                );
            }
            if let (Some(lit), Some(e)) = (&attr.encoding, elem.as_mut()) {
                errors.handle(e.apply_encoding(lit).map_err(darling::Error::from));
            }
        }
        let (number, elem) = number.zip(elem)?;
        let name = match parsed.as_ref().and_then(|(a, _)| a.name.clone()) {
            Some(lit) => ProtoName {
                value: lit.value(),
                span: lit.span(),
            },
            None => ProtoName {
                value: snake_case(&v.ident.to_string()),
                span: v.ident.span(),
            },
        };
        Some(OneofVariant {
            ident: v.ident.clone(),
            number,
            name,
            elem,
            docs: attr::docs(&v.attrs),
            rules: parsed
                .as_ref()
                .and_then(|(a, _)| a.validate.clone())
                .unwrap_or_default(),
        })
    }
}

impl Enumeration {
    /// Reads an enumeration; `args` is `None` when the macro arguments did not
    /// parse (that error is already reported).
    pub(crate) fn parse(
        args: Option<EnumArgs>,
        item: &ItemEnum,
        errors: &mut Accumulator,
    ) -> Enumeration {
        check_generics(&item.generics, "a #[leyline::enumeration] enum", errors);
        let prefix = match args.as_ref().and_then(|a| a.prefix.as_ref()) {
            Some(p) => p.as_ref().clone(),
            None => format!("{}_", screaming_snake_case(&item.ident.to_string())),
        };
        let mut variants = Vec::new();
        for v in &item.variants {
            if !matches!(v.fields, Fields::Unit) {
                errors.push(
                    darling::Error::custom(format!(
                        "enumeration variant `{}` cannot hold data: protobuf enum values are plain numbers (for a choice of values use #[leyline::oneof])",
                        v.ident
                    ))
                    .with_span(&v.fields),
                );
                continue;
            }
            let Some((_, disc)) = &v.discriminant else {
                errors.push(
                    darling::Error::custom(format!(
                        "variant `{}` needs an explicit value (`{} = N`): wire numbers must not shift when variants move",
                        v.ident, v.ident
                    ))
                    .with_span(&v.ident),
                );
                continue;
            };
            let Some(value) = errors.handle(Number::from_expr(disc)) else {
                continue;
            };
            let attr: Option<(VariantAttr, Span)> =
                errors.handle(attr::parse_leyline_attrs(&v.attrs)).flatten();
            let name = match attr.and_then(|(a, _)| a.name) {
                Some(lit) => ProtoName {
                    value: lit.value(),
                    span: lit.span(),
                },
                None => ProtoName {
                    value: format!("{prefix}{}", screaming_snake_case(&v.ident.to_string())),
                    span: v.ident.span(),
                },
            };
            variants.push(EnumVariant {
                ident: v.ident.clone(),
                value,
                name,
                docs: attr::docs(&v.attrs),
            });
        }
        let (package, package_span, allow_alias, reserved, reserved_names, well_known, parent) =
            match args {
                Some(args) => (
                    args.package.as_ref().clone(),
                    Some(args.package.span()),
                    args.allow_alias
                        .is_present()
                        .then(|| args.allow_alias.span()),
                    args.reserved.0,
                    args.reserved_names.0,
                    args.well_known,
                    args.parent,
                ),
                None => (
                    String::new(),
                    None,
                    None,
                    Vec::new(),
                    Vec::new(),
                    None,
                    None,
                ),
            };
        Enumeration {
            ident: item.ident.clone(),
            package,
            package_span,
            first_declared: item.variants.first().map(|v| v.ident.clone()),
            docs: attr::docs(&item.attrs),
            allow_alias,
            reserved,
            reserved_names,
            well_known,
            parent,
            variants,
            span: item.ident.span(),
        }
    }

    /// The fully qualified proto name: package, parent (if nested), name.
    pub(crate) fn full_name(&self) -> String {
        full_name(&self.package, self.parent.as_ref(), &self.ident.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use syn::parse_quote;

    /// The messages of the errors an accumulator holds.
    fn texts(errors: Accumulator) -> Vec<String> {
        errors
            .finish()
            .err()
            .into_iter()
            .flatten()
            .map(|e| e.to_string())
            .collect()
    }

    fn args(meta: syn::Meta) -> MessageArgs {
        darling::FromMeta::from_meta(&meta).unwrap()
    }

    /// The message read from `item` with `package = "a.v1"`, and the errors.
    fn message(item: ItemStruct) -> (Message, Vec<String>) {
        let mut errors = darling::Error::accumulator();
        let m = Message::parse(
            Some(args(parse_quote!(m(package = "a.v1")))),
            &item,
            &mut errors,
        );
        (m, texts(errors))
    }

    fn oneof(item: ItemEnum) -> (Oneof, Vec<String>) {
        let mut errors = darling::Error::accumulator();
        let o = Oneof::parse(&item, &mut errors);
        (o, texts(errors))
    }

    /// Each field as `ident: kind`.
    fn kinds(m: &Message) -> Vec<String> {
        m.fields
            .iter()
            .map(|f| {
                let kind = match &f.kind {
                    FieldKind::Plain { number, .. } => format!("plain {}", number.value),
                    FieldKind::Oneof { name, .. } => format!("oneof {}", name.value),
                    FieldKind::Unknown => "unknown".to_owned(),
                    FieldKind::Unusable { number, .. } => format!("unusable {}", number.value),
                };
                format!("{}: {kind}", f.ident)
            })
            .collect()
    }

    #[test]
    fn generic_parameters_and_where_clauses_are_refused() {
        let (_, t) = message(parse_quote! {
            struct M where u32: Copy { #[leyline(field = 1)] a: u32 }
        });
        assert_eq!(t, ["a #[leyline::message] struct cannot be generic: a protobuf contract has one fixed schema; declare a concrete type"]);
        let (_, t) = oneof(parse_quote! {
            enum O<T> { #[leyline(field = 1)] A(u32), B(T) }
        });
        assert_eq!(
            t,
            [
                "a #[leyline::oneof] enum cannot be generic: a protobuf contract has one fixed schema; declare a concrete type",
                "oneof variant `B` needs a number: add `#[leyline(field = N)]`",
            ]
        );
    }

    #[test]
    fn a_message_whose_arguments_did_not_parse_keeps_its_fields() {
        let item: ItemStruct = parse_quote! {
            struct M { #[leyline(field = 1)] a: u32, #[leyline(oneof)] b: Option<C> }
        };
        let mut errors = darling::Error::accumulator();
        let m = Message::parse(None, &item, &mut errors);
        assert_eq!(texts(errors), Vec::<String>::new());
        assert_eq!(
            (
                m.package.as_str(),
                m.package_span.is_none(),
                m.view,
                m.max_size.is_none()
            ),
            ("", true, true, true)
        );
        assert_eq!(kinds(&m), ["a: plain 1", "b: oneof b"]);
    }

    #[test]
    fn field_kinds_exclude_each_other() {
        let (m, t) = message(parse_quote! {
            struct M {
                #[leyline(field = 1, oneof)] a: Option<C>,
                #[leyline(oneof, unknown_fields)] b: leyline::UnknownFields,
                #[leyline(field = 3)] c: u32,
            }
        });
        let both = "`field = N`, `oneof` and `unknown_fields` exclude each other: choose one";
        assert_eq!(t, [both, both]);
        assert_eq!(kinds(&m), ["c: plain 3"]);
    }

    #[test]
    fn the_unknown_field_store_takes_no_options() {
        let (m, t) = message(parse_quote! {
            struct M {
                #[leyline(unknown_fields, validate(required))] a: leyline::UnknownFields,
                #[leyline(unknown_fields, split)] b: leyline::UnknownFields,
                #[leyline(unknown_fields, packed = false)] c: leyline::UnknownFields,
                #[leyline(unknown_fields)] d: leyline::UnknownFields,
            }
        });
        let store = "the unknown-field store takes no `validate(...)`, `split` or `packed`: it holds whatever fields arrive";
        assert_eq!(t, [store, store, store]);
        // Each is still a store (that there are four is `check`'s to report).
        assert_eq!(
            kinds(&m),
            ["a: unknown", "b: unknown", "c: unknown", "d: unknown"]
        );
        assert_eq!(
            m.fields
                .iter()
                .map(|f| f.split.is_none())
                .collect::<Vec<_>>(),
            [true; 4]
        );
    }

    #[test]
    fn oneof_fields_are_optional_paths() {
        let (m, t) = message(parse_quote! {
            struct M {
                #[leyline(oneof, packed = false)] a: Option<C>,
                #[leyline(oneof)] b: C,
                #[leyline(oneof)] c: [C; 1],
                #[leyline(oneof)] d: Option,
                #[leyline(oneof)] e: Option<'static>,
                #[leyline(oneof)] f: Option<C, D>,
                #[leyline(oneof)] g: Vec<C>,
                #[leyline(oneof)] h: Option<Self>,
                #[leyline(oneof)] i: Option<(crate::x::C)>,
            }
        });
        assert_eq!(
            t,
            [
                "`packed` does not apply to a oneof: its variants are never repeated",
                "oneof field `b` must be written `Option<C>`: a oneof with no variant set is a valid state",
                "oneof field `c` must be written `Option<[C;1]>`: a oneof with no variant set is a valid state",
                "oneof field `d` must be written `Option<Option>`: a oneof with no variant set is a valid state",
                "oneof field `e` must be written `Option<Option<'static>>`: a oneof with no variant set is a valid state",
                "oneof field `f` must be written `Option<Option<C, D>>`: a oneof with no variant set is a valid state",
                "oneof field `g` must be written `Option<Vec<C>>`: a oneof with no variant set is a valid state",
                "oneof field `h` must name a #[leyline::oneof] enum by its path, as `Option<Payload>` or `Option<payloads::Payload>`; `Self` is not one",
            ]
        );
        // `a` is kept despite its `packed`; the parenthesized path is one.
        assert_eq!(kinds(&m), ["a: oneof a", "i: oneof i"]);
    }

    #[test]
    fn encodings_and_packing_apply_to_their_shapes_only() {
        let (m, t) = message(parse_quote! {
            struct M {
                #[leyline(name = "x")] a: u32,
                #[leyline(field = 2, encoding = "sint32")] b: usize,
                #[leyline(field = 3, key_encoding = "sint32")] c: std::collections::HashMap<i32, u32>,
                #[leyline(field = 4, key_encoding = "sint32")] d: i32,
                #[leyline(field = 5, key_encoding = "sint32")] e: usize,
                #[leyline(field = 6, packed = false)] f: Vec<i32>,
                #[leyline(field = 7, packed = false)] g: std::collections::HashMap<i32, u32>,
                #[leyline(field = 8, packed = false)] h: Option<i32>,
                #[leyline(field = 9, packed = false)] i: usize,
                #[leyline(field = 10, encoding = "fixed64")] j: std::collections::BTreeMap<String, u64>,
            }
        });
        let usize_error =
            "unsupported field type `usize`: its size depends on the platform; use u64 or i64";
        assert_eq!(
            t,
            [
                "field `a` needs a number: add `field = N` to its #[leyline(...)]",
                usize_error,
                "`key_encoding` applies to map fields only",
                usize_error,
                "`packed` does not apply to map fields: each entry is a message of its own, and messages are never packed",
                "`packed` applies to repeated (`Vec<T>`) numeric and enum fields only",
                usize_error,
            ]
        );
        assert_eq!(
            kinds(&m),
            [
                "b: unusable 2",
                "c: plain 3",
                "d: unusable 4",
                "e: unusable 5",
                "f: plain 6",
                "g: unusable 7",
                "h: unusable 8",
                "i: unusable 9",
                "j: plain 10",
            ]
        );
        // The encodings and the packing each usable field's elements took.
        let elems: Vec<Vec<(Option<ty::Encoding>, bool)>> = m
            .fields
            .iter()
            .map(|f| match &f.kind {
                FieldKind::Plain {
                    shape: Shape::Map { key, value },
                    ..
                } => vec![
                    (key.encoding, key.unpacked.is_some()),
                    (value.encoding, value.unpacked.is_some()),
                ],
                FieldKind::Plain {
                    shape: Shape::Singular(e) | Shape::Optional(e) | Shape::Repeated(e),
                    ..
                } => vec![(e.encoding, e.unpacked.is_some())],
                _ => Vec::new(),
            })
            .collect();
        let sint32 = Some(ty::Encoding::Sint32);
        assert_eq!(
            elems,
            [
                vec![],
                vec![(sint32, false), (None, false)],
                vec![],
                vec![],
                vec![(None, true)],
                vec![],
                vec![],
                vec![],
                vec![(None, false), (Some(ty::Encoding::Fixed64), false)],
            ]
        );
    }

    #[test]
    fn oneof_variants_take_only_their_options() {
        let (o, t) = oneof(parse_quote! {
            enum O {
                #[leyline(field = 1, oneof)] A(C),
                #[leyline(field = 2, unknown_fields)] B(C),
                #[leyline(field = 3, key_encoding = "sint32")] C(i32),
                #[leyline(field = 4, packed = false)] D(i32),
                #[leyline(field = 5, split)] E(C),
                #[leyline(field = 6, encoding = "sint32")] F(i32),
                #[leyline(field = 7, encoding = "sint32")] G(u32),
                #[leyline(fild = 8)] H(u32),
                #[leyline(name = "i")] I(u32),
                #[leyline(field = 10, name = "jay")] J,
            }
        });
        let only = "only `field`, `name`, `encoding` and `validate` apply to a oneof variant";
        assert_eq!(
            t,
            [
                only,
                only,
                only,
                only,
                only,
                "encoding = \"sint32\" applies to i32 values, but this field holds u32; for u32 use \"fixed32\"",
                // One error for the misspelt key, not also "needs a number".
                "Unknown field: `fild`. Did you mean `field`?",
                "oneof variant `I` needs `field = N`",
                "oneof variant `J` must hold exactly one value, as `J(T)`",
            ]
        );
        // A variant with a number and a type is kept, whatever else is wrong.
        let read: Vec<(String, i128, String)> = o
            .variants
            .iter()
            .map(|v| (v.ident.to_string(), v.number.value, v.name.value.clone()))
            .collect();
        let expected: Vec<(String, i128, String)> = [
            ("A", 1, "a"),
            ("B", 2, "b"),
            ("C", 3, "c"),
            ("D", 4, "d"),
            ("E", 5, "e"),
            ("F", 6, "f"),
            ("G", 7, "g"),
        ]
        .into_iter()
        .map(|(i, n, s)| (i.to_owned(), n, s.to_owned()))
        .collect();
        assert_eq!(read, expected);
        assert_eq!(o.variants[5].elem.encoding, Some(ty::Encoding::Sint32));
    }

    #[test]
    fn a_oneof_type_from_a_macro_rules_is_a_path() {
        // `$t:ty` reaches the macro as a group without delimiters.
        let grouped = proc_macro2::TokenTree::Group(proc_macro2::Group::new(
            proc_macro2::Delimiter::None,
            quote::quote!(payloads::Payload),
        ));
        let item: ItemStruct = syn::parse2(quote::quote! {
            struct M { #[leyline(oneof)] a: Option<#grouped> }
        })
        .unwrap();
        let (m, t) = message(item);
        assert_eq!(t, Vec::<String>::new());
        // Kept as a oneof field: its type was read as a path.
        assert_eq!(kinds(&m), ["a: oneof a"]);
    }

    #[test]
    fn an_enumeration_prefix_replaces_the_default() {
        let item: ItemEnum = parse_quote! {
            enum Stage { Unspecified = 0, #[leyline(name = "CUSTOM")] Running = 1 }
        };
        let args: EnumArgs =
            darling::FromMeta::from_meta(&parse_quote!(e(package = "a.v1", prefix = "ST_")))
                .unwrap();
        let mut errors = darling::Error::accumulator();
        let e = Enumeration::parse(Some(args), &item, &mut errors);
        assert_eq!(texts(errors), Vec::<String>::new());
        let names: Vec<&str> = e.variants.iter().map(|v| v.name.value.as_str()).collect();
        assert_eq!(names, ["ST_UNSPECIFIED", "CUSTOM"]);
        assert_eq!(e.full_name(), "a.v1.Stage");
    }

    #[test]
    fn enumeration_values_are_integer_literals() {
        let item: ItemEnum = parse_quote! {
            enum E { A = 0, B = 1 + 1, C = -(2), D = (3) }
        };
        let mut errors = darling::Error::accumulator();
        let e = Enumeration::parse(None, &item, &mut errors);
        assert_eq!(texts(errors), ["expected an integer literal"]);
        let values: Vec<(String, i128, String)> = e
            .variants
            .iter()
            .map(|v| (v.ident.to_string(), v.value.value, v.name.value.clone()))
            .collect();
        let expected: Vec<(String, i128, String)> =
            [("A", 0, "E_A"), ("C", -2, "E_C"), ("D", 3, "E_D")]
                .into_iter()
                .map(|(i, n, s)| (i.to_owned(), n, s.to_owned()))
                .collect();
        assert_eq!(values, expected);
        // Without arguments: no package, and no option taken from them.
        assert_eq!(
            (
                e.package.as_str(),
                e.package_span.is_none(),
                e.allow_alias.is_none(),
                e.full_name()
            ),
            ("", true, true, ".E".to_owned())
        );
    }

    #[test]
    fn case_conversions() {
        assert_eq!(snake_case("SeedOperation"), "seed_operation");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("Rationale"), "rationale");
        assert_eq!(screaming_snake_case("FineTuning"), "FINE_TUNING");
        assert_eq!(screaming_snake_case("HalfOpen"), "HALF_OPEN");
        assert_eq!(screaming_snake_case("Layer2Norm"), "LAYER2_NORM");
        // An underscore already separates the words.
        assert_eq!(snake_case("A_B"), "a_b");
    }
}
