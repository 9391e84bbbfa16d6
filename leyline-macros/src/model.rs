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
    /// `#[leyline(oneof)] x: Option<TheOneof>`
    Oneof { oneof_ty: Type, name: ProtoName },
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

fn check_generics(generics: &syn::Generics, what: &str, errors: &mut Accumulator) {
    if !generics.params.is_empty() || generics.where_clause.is_some() {
        errors.push(
            darling::Error::custom(format!(
                "{what} cannot be generic: a protobuf contract has one fixed schema; declare a concrete type"
            ))
            .with_span(&generics.params),
        );
    }
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
            if oneof_path(inner).is_none() {
                errors.push(
                    darling::Error::custom(format!(
                        "oneof field `{ident}` must name a #[leyline::oneof] enum by its path, as `Option<Payload>` or `Option<payloads::Payload>`; `{}` is not one",
                        ty::show(inner)
                    ))
                    .with_span(inner),
                );
                return None;
            }
            return Some(Field {
                ident,
                docs,
                kind: FieldKind::Oneof {
                    oneof_ty: inner.clone(),
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
            .filter_map(|v| errors.handle(OneofVariant::parse(v)))
            .collect();
        Oneof {
            ident: item.ident.clone(),
            variants,
        }
    }
}

impl OneofVariant {
    fn parse(v: &syn::Variant) -> darling::Result<OneofVariant> {
        let mut errors = darling::Error::accumulator();
        let parsed: Option<(FieldAttr, Span)> =
            errors.handle(attr::parse_leyline_attrs(&v.attrs)).flatten();
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
        let number = match &parsed {
            Some((FieldAttr { field: Some(n), .. }, _)) => Some(*n),
            Some((_, span)) => {
                errors.push(
                    darling::Error::custom(format!(
                        "oneof variant `{}` needs `field = N`",
                        v.ident
                    ))
                    .with_span(span),
                );
                None
            }
            None => {
                errors.push(
                    darling::Error::custom(format!(
                        "oneof variant `{}` needs a number: add `#[leyline(field = N)]`",
                        v.ident
                    ))
                    .with_span(&v.ident),
                );
                None
            }
        };
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
        errors.finish()?;
        let (Some(number), Some(elem)) = (number, elem) else {
            return Err(darling::Error::custom("invalid oneof variant").with_span(&v.ident));
        };
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
        Ok(OneofVariant {
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

    #[test]
    fn case_conversions() {
        assert_eq!(snake_case("SeedOperation"), "seed_operation");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("Rationale"), "rationale");
        assert_eq!(screaming_snake_case("FineTuning"), "FINE_TUNING");
        assert_eq!(screaming_snake_case("HalfOpen"), "HALF_OPEN");
        assert_eq!(screaming_snake_case("Layer2Norm"), "LAYER2_NORM");
    }
}
