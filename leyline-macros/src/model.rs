//! The parsed contract: messages, fields, oneofs and enumerations with their
//! numbers and spans. Built from syn items and darling attributes; checked by
//! `check`; read by the expansion modules.

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
    pub(crate) docs: String,
    pub(crate) reserved: Vec<ReservedRange>,
    pub(crate) reserved_names: Vec<LitStr>,
    pub(crate) well_known: Option<String>,
    /// `max_size = N`.
    pub(crate) max_size: Option<Number>,
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
    pub(crate) docs: String,
    pub(crate) allow_alias: Option<Span>,
    pub(crate) reserved: Vec<ReservedRange>,
    pub(crate) reserved_names: Vec<LitStr>,
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

fn check_generics(generics: &syn::Generics, what: &str, errors: &mut darling::error::Accumulator) {
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
    /// Parses the struct into `errors` and the message of the fields that
    /// parsed, so that the checks still run on those (one compile reports the
    /// mistakes of every field, whether parsing or checking finds them).
    pub(crate) fn parse_into(
        args: MessageArgs,
        item: &ItemStruct,
        errors: &mut darling::error::Accumulator,
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
        let mut fields = Vec::new();
        for f in named.iter().flat_map(|n| n.named.iter()) {
            if let Some(field) = errors.handle(Field::parse(f)) {
                fields.push(field);
            }
        }
        Message {
            ident: item.ident.clone(),
            package: args.package.as_ref().clone(),
            docs: attr::docs(&item.attrs),
            reserved: args.reserved.0,
            reserved_names: args.reserved_names.0,
            well_known: args.well_known,
            max_size: args.max_size,
            fields,
        }
    }

    /// The proto name of the message.
    pub(crate) fn name(&self) -> String {
        self.ident.to_string()
    }
}

impl Field {
    fn parse(f: &syn::Field) -> darling::Result<Field> {
        let Some(ident) = f.ident.clone() else {
            return Err(darling::Error::custom("expected a named field").with_span(f));
        };
        let parsed: Option<(FieldAttr, Span)> = attr::parse_leyline_attrs(&f.attrs)?;
        let Some((attr, attr_span)) = parsed else {
            return Err(darling::Error::custom(format!(
                "field `{ident}` needs a number: add `#[leyline(field = N)]` (or `#[leyline(oneof)]` for a oneof, `#[leyline(unknown_fields)]` for the unknown-field store)"
            ))
            .with_span(&ident));
        };
        let docs = attr::docs(&f.attrs);
        let name = |explicit: &Option<LitStr>| match explicit {
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
            return Err(darling::Error::custom(
                "`field = N`, `oneof` and `unknown_fields` exclude each other: choose one",
            )
            .with_span(&attr_span));
        }
        let split = attr.split.is_present().then(|| attr.split.span());
        let rules = attr.validate.clone().unwrap_or_default();
        if attr.unknown_fields.is_present() {
            if attr.validate.is_some() || split.is_some() {
                return Err(darling::Error::custom(
                    "the unknown-field store takes no `validate(...)` or `split`: it holds whatever fields arrive",
                )
                .with_span(&attr_span));
            }
            return Ok(Field {
                ident,
                docs,
                kind: FieldKind::Unknown,
                rules,
                split,
            });
        }
        if attr.oneof.is_present() {
            let Some(inner) = option_inner(&f.ty) else {
                return Err(darling::Error::custom(
                    "a oneof field is written `Option<TheOneof>`: no variant set is a valid state",
                )
                .with_span(&f.ty));
            };
            return Ok(Field {
                ident: ident.clone(),
                docs,
                kind: FieldKind::Oneof {
                    oneof_ty: inner.clone(),
                    name: name(&attr.name),
                },
                rules,
                split,
            });
        }
        let Some(number) = attr.field else {
            return Err(darling::Error::custom(format!(
                "field `{ident}` needs a number: add `field = N` to its #[leyline(...)]"
            ))
            .with_span(&attr_span));
        };
        let mut errors = darling::Error::accumulator();
        let mut shape = errors.handle(ty::shape(&f.ty).map_err(darling::Error::from));
        if let Some(lit) = &attr.encoding {
            let target = match &mut shape {
                Some(Shape::Singular(e) | Shape::Optional(e) | Shape::Repeated(e)) => Some(e),
                Some(Shape::Map { value, .. }) => Some(value),
                None => None,
            };
            if let Some(e) = target {
                errors.handle(e.apply_encoding(lit).map_err(darling::Error::from));
            }
        }
        if let Some(lit) = &attr.key_encoding {
            match &mut shape {
                Some(Shape::Map { key, .. }) => {
                    errors.handle(key.apply_encoding(lit).map_err(darling::Error::from));
                }
                Some(_) => errors.push(
                    darling::Error::custom("`key_encoding` applies to map fields only")
                        .with_span(lit),
                ),
                None => {}
            }
        }
        let name = name(&attr.name);
        errors.finish()?;
        let Some(shape) = shape else {
            return Err(darling::Error::custom("unreadable field type").with_span(&f.ty));
        };
        Ok(Field {
            ident,
            docs,
            kind: FieldKind::Plain {
                number,
                name,
                shape,
            },
            rules,
            split,
        })
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
    pub(crate) fn parse(item: &ItemEnum) -> darling::Result<Oneof> {
        let mut errors = darling::Error::accumulator();
        check_generics(&item.generics, "a #[leyline::oneof] enum", &mut errors);
        if item.variants.is_empty() {
            errors.push(
                darling::Error::custom(format!(
                    "oneof `{}` has no variants: a oneof needs at least one",
                    item.ident
                ))
                .with_span(&item.ident),
            );
        }
        let mut variants = Vec::new();
        for v in &item.variants {
            if let Some(variant) = errors.handle(OneofVariant::parse(v)) {
                variants.push(variant);
            }
        }
        errors.finish_with(Oneof {
            ident: item.ident.clone(),
            variants,
        })
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
        let rules = parsed
            .as_ref()
            .and_then(|(a, _)| a.validate.clone())
            .unwrap_or_default();
        Ok(OneofVariant {
            ident: v.ident.clone(),
            number,
            name,
            elem,
            docs: attr::docs(&v.attrs),
            rules,
        })
    }
}

impl Enumeration {
    pub(crate) fn parse(args: EnumArgs, item: &ItemEnum) -> darling::Result<Enumeration> {
        let mut errors = darling::Error::accumulator();
        check_generics(
            &item.generics,
            "a #[leyline::enumeration] enum",
            &mut errors,
        );
        let prefix = match &args.prefix {
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
        errors.finish_with(Enumeration {
            ident: item.ident.clone(),
            package: args.package.as_ref().clone(),
            docs: attr::docs(&item.attrs),
            allow_alias: args
                .allow_alias
                .is_present()
                .then(|| args.allow_alias.span()),
            reserved: args.reserved.0,
            reserved_names: args.reserved_names.0,
            variants,
            span: item.ident.span(),
        })
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
