//! Validation rules as written in `validate(...)`, parsed into a typed model
//! that keeps every span. Whether a rule fits its field is decided by
//! `check::rules`; the code that enforces them is written by `expand::validate`.

use darling::FromMeta;
use proc_macro2::Span;
use quote::ToTokens;
use syn::spanned::Spanned as _;
use syn::{Expr, ExprLit, ExprUnary, Lit as SynLit, Meta, UnOp};

use crate::ty::{Builtin, Elem, Encoding};

/// What an element holds, as far as rules are concerned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ValueKind {
    /// An integer, with the range of its Rust type and its proto type name.
    Int {
        min: i128,
        max: i128,
        proto: &'static str,
    },
    /// `f32` or `f64`, with its proto type name (`float`, `double`).
    Float {
        proto: &'static str,
    },
    Bool,
    String,
    Bytes,
    /// An enumeration, a message or a well-known type: which of them, only the
    /// trait system knows.
    Other,
}

impl ValueKind {
    pub(crate) fn of(e: &Elem) -> ValueKind {
        let int = |min: i128, max: i128, proto| ValueKind::Int { min, max, proto };
        let (u32_max, u64_max) = (i128::from(u32::MAX), i128::from(u64::MAX));
        let (i32_range, i64_range) = (
            (i128::from(i32::MIN), i128::from(i32::MAX)),
            (i128::from(i64::MIN), i128::from(i64::MAX)),
        );
        match (e.builtin, e.encoding) {
            (Some(Builtin::U32), Some(Encoding::Fixed32)) => int(0, u32_max, "fixed32"),
            (Some(Builtin::U32), _) => int(0, u32_max, "uint32"),
            (Some(Builtin::U64), Some(Encoding::Fixed64)) => int(0, u64_max, "fixed64"),
            (Some(Builtin::U64), _) => int(0, u64_max, "uint64"),
            (Some(Builtin::I32), Some(Encoding::Sint32)) => int(i32_range.0, i32_range.1, "sint32"),
            (Some(Builtin::I32), Some(Encoding::Sfixed32)) => {
                int(i32_range.0, i32_range.1, "sfixed32")
            }
            (Some(Builtin::I32), _) => int(i32_range.0, i32_range.1, "int32"),
            (Some(Builtin::I64), Some(Encoding::Sint64)) => int(i64_range.0, i64_range.1, "sint64"),
            (Some(Builtin::I64), Some(Encoding::Sfixed64)) => {
                int(i64_range.0, i64_range.1, "sfixed64")
            }
            (Some(Builtin::I64), _) => int(i64_range.0, i64_range.1, "int64"),
            (Some(Builtin::F32), _) => ValueKind::Float { proto: "float" },
            (Some(Builtin::F64), _) => ValueKind::Float { proto: "double" },
            (Some(Builtin::Bool), _) => ValueKind::Bool,
            (Some(Builtin::String), _) => ValueKind::String,
            (Some(Builtin::VecBytes | Builtin::Bytes), _) => ValueKind::Bytes,
            (None, _) => ValueKind::Other,
        }
    }
}

/// The Rust type of an element as the user wrote it, for messages.
pub(crate) fn type_name(e: &Elem) -> String {
    e.ty.to_token_stream().to_string().replace(' ', "")
}

/// A value with the span of the token that gave it.
#[derive(Debug, Clone)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

/// A literal a rule compares with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    Int(i128),
    Float(f64),
    Str(String),
}

impl Lit {
    pub(crate) fn describe(&self) -> String {
        match self {
            Lit::Int(n) => n.to_string(),
            Lit::Float(f) => format!("{f:?}"),
            Lit::Str(s) => format!("{s:?}"),
        }
    }

    /// The value as a float, for numbers.
    pub(crate) fn as_f64(&self) -> Option<f64> {
        match self {
            Lit::Int(n) => Some(*n as f64),
            Lit::Float(f) => Some(*f),
            Lit::Str(_) => None,
        }
    }
}

/// Every rule of one `validate(...)` (or of `items(...)`, `keys(...)`, `values(...)`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Rules {
    // numbers (and `const`, `in`, `not_in` for strings)
    pub(crate) konst: Option<Spanned<Lit>>,
    pub(crate) gt: Option<Spanned<Lit>>,
    pub(crate) gte: Option<Spanned<Lit>>,
    pub(crate) lt: Option<Spanned<Lit>>,
    pub(crate) lte: Option<Spanned<Lit>>,
    pub(crate) in_list: Option<Spanned<Vec<Spanned<Lit>>>>,
    pub(crate) not_in: Option<Spanned<Vec<Spanned<Lit>>>>,
    pub(crate) finite: Option<Span>,
    // strings and bytes
    pub(crate) min_len: Option<Spanned<u64>>,
    pub(crate) max_len: Option<Spanned<u64>>,
    pub(crate) len: Option<Spanned<u64>>,
    pub(crate) pattern: Option<Spanned<String>>,
    pub(crate) prefix: Option<Spanned<String>>,
    pub(crate) suffix: Option<Spanned<String>>,
    pub(crate) uuid: Option<Span>,
    pub(crate) not_empty: Option<Span>,
    // repeated
    pub(crate) min_items: Option<Spanned<u64>>,
    pub(crate) max_items: Option<Spanned<u64>>,
    pub(crate) unique: Option<Span>,
    pub(crate) items: Option<Spanned<Box<Rules>>>,
    // maps
    pub(crate) min_pairs: Option<Spanned<u64>>,
    pub(crate) max_pairs: Option<Spanned<u64>>,
    pub(crate) keys: Option<Spanned<Box<Rules>>>,
    pub(crate) values: Option<Spanned<Box<Rules>>>,
    // enumerations
    pub(crate) defined_only: Option<Span>,
    // presence
    pub(crate) required: Option<Span>,
}

/// The vocabulary, for the error on an unknown name.
const VOCABULARY: &str = "numbers: gt, gte, lt, lte, const, in, not_in, finite; \
strings: min_len, max_len, len, pattern, prefix, suffix, uuid, not_empty (and const, in, not_in); \
bytes: min_len, max_len, len, not_empty; repeated: min_items, max_items, unique, items(...); \
maps: min_pairs, max_pairs, keys(...), values(...); enumerations: defined_only; \
messages and oneofs: required";

impl Rules {
    /// The rules that apply to one value (number, string, bytes, enum), with
    /// their names, for the checks that refuse them where they do not fit.
    pub(crate) fn element_rules(&self) -> Vec<(&'static str, Span)> {
        let mut out = Vec::new();
        let mut add = |name, span: Option<Span>| {
            if let Some(span) = span {
                out.push((name, span));
            }
        };
        add("const", self.konst.as_ref().map(|s| s.span));
        add("gt", self.gt.as_ref().map(|s| s.span));
        add("gte", self.gte.as_ref().map(|s| s.span));
        add("lt", self.lt.as_ref().map(|s| s.span));
        add("lte", self.lte.as_ref().map(|s| s.span));
        add("in", self.in_list.as_ref().map(|s| s.span));
        add("not_in", self.not_in.as_ref().map(|s| s.span));
        add("finite", self.finite);
        add("min_len", self.min_len.as_ref().map(|s| s.span));
        add("max_len", self.max_len.as_ref().map(|s| s.span));
        add("len", self.len.as_ref().map(|s| s.span));
        add("pattern", self.pattern.as_ref().map(|s| s.span));
        add("prefix", self.prefix.as_ref().map(|s| s.span));
        add("suffix", self.suffix.as_ref().map(|s| s.span));
        add("uuid", self.uuid);
        add("not_empty", self.not_empty);
        add("defined_only", self.defined_only);
        out
    }

    /// Rules of repeated fields.
    pub(crate) fn repeated_rules(&self) -> Vec<(&'static str, Span)> {
        let mut out = Vec::new();
        if let Some(s) = &self.min_items {
            out.push(("min_items", s.span));
        }
        if let Some(s) = &self.max_items {
            out.push(("max_items", s.span));
        }
        if let Some(s) = self.unique {
            out.push(("unique", s));
        }
        if let Some(s) = &self.items {
            out.push(("items", s.span));
        }
        out
    }

    /// Rules of map fields.
    pub(crate) fn map_rules(&self) -> Vec<(&'static str, Span)> {
        let mut out = Vec::new();
        if let Some(s) = &self.min_pairs {
            out.push(("min_pairs", s.span));
        }
        if let Some(s) = &self.max_pairs {
            out.push(("max_pairs", s.span));
        }
        if let Some(s) = &self.keys {
            out.push(("keys", s.span));
        }
        if let Some(s) = &self.values {
            out.push(("values", s.span));
        }
        out
    }

    /// Rules of repeated and map fields.
    pub(crate) fn collection_rules(&self) -> Vec<(&'static str, Span)> {
        let mut out = self.repeated_rules();
        out.extend(self.map_rules());
        out
    }

    fn parse_list(tokens: proc_macro2::TokenStream) -> darling::Result<Rules> {
        let items = syn::parse::Parser::parse2(
            syn::punctuated::Punctuated::<Item, syn::Token![,]>::parse_terminated,
            tokens,
        )
        .map_err(darling::Error::from)?;
        let mut rules = Rules::default();
        let mut errors = darling::Error::accumulator();
        for item in &items {
            errors.handle(rules.parse_one(item));
        }
        errors.finish_with(rules)
    }

    fn parse_one(&mut self, item: &Item) -> darling::Result<()> {
        let name = item.name.to_string();
        let name = name.trim_start_matches("r#");
        let span = item.span();
        match name {
            "finite" => flag(item, name, &mut self.finite),
            "uuid" => flag(item, name, &mut self.uuid),
            "not_empty" => flag(item, name, &mut self.not_empty),
            "unique" => flag(item, name, &mut self.unique),
            "defined_only" => flag(item, name, &mut self.defined_only),
            "required" => flag(item, name, &mut self.required),
            "const" => set(name, span, &mut self.konst, literal(value_of(item, name)?)?),
            "gt" => set(name, span, &mut self.gt, number(value_of(item, name)?)?),
            "gte" => set(name, span, &mut self.gte, number(value_of(item, name)?)?),
            "lt" => set(name, span, &mut self.lt, number(value_of(item, name)?)?),
            "lte" => set(name, span, &mut self.lte, number(value_of(item, name)?)?),
            "in" => set(name, span, &mut self.in_list, literal_list(item, name)?),
            "not_in" => set(name, span, &mut self.not_in, literal_list(item, name)?),
            "min_len" => set(name, span, &mut self.min_len, count(value_of(item, name)?)?),
            "max_len" => set(name, span, &mut self.max_len, count(value_of(item, name)?)?),
            "len" => set(name, span, &mut self.len, count(value_of(item, name)?)?),
            "min_items" => set(
                name,
                span,
                &mut self.min_items,
                count(value_of(item, name)?)?,
            ),
            "max_items" => set(
                name,
                span,
                &mut self.max_items,
                count(value_of(item, name)?)?,
            ),
            "min_pairs" => set(
                name,
                span,
                &mut self.min_pairs,
                count(value_of(item, name)?)?,
            ),
            "max_pairs" => set(
                name,
                span,
                &mut self.max_pairs,
                count(value_of(item, name)?)?,
            ),
            "pattern" => set(
                name,
                span,
                &mut self.pattern,
                string(value_of(item, name)?)?,
            ),
            "prefix" => set(name, span, &mut self.prefix, string(value_of(item, name)?)?),
            "suffix" => set(name, span, &mut self.suffix, string(value_of(item, name)?)?),
            "items" => set(name, span, &mut self.items, nested(item, name)?),
            "keys" => set(name, span, &mut self.keys, nested(item, name)?),
            "values" => set(name, span, &mut self.values, nested(item, name)?),
            other => Err(darling::Error::custom(match suggest(other) {
                Some(close) => {
                    format!("unknown validation rule `{other}`: did you mean `{close}`?")
                }
                None => format!("unknown validation rule `{other}`; rules are {VOCABULARY}"),
            })
            .with_span(&item.name)),
        }
    }
}

/// One rule as written: `name`, `name = value` or `name(...)`. Parsed by hand
/// because rule names include the keywords `const` and `in`, which
/// `syn::Meta` refuses.
struct Item {
    name: syn::Ident,
    arg: Arg,
}

enum Arg {
    Flag,
    Value(Expr),
    List(proc_macro2::TokenStream, Span),
}

impl Item {
    fn span(&self) -> Span {
        let end = match &self.arg {
            Arg::Flag => return self.name.span(),
            Arg::Value(e) => e.span(),
            Arg::List(_, span) => *span,
        };
        self.name
            .span()
            .join(end)
            .unwrap_or_else(|| self.name.span())
    }
}

impl syn::parse::Parse for Item {
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        use syn::ext::IdentExt as _;
        let name = input.call(syn::Ident::parse_any)?;
        let arg = if input.peek(syn::Token![=]) {
            input.parse::<syn::Token![=]>()?;
            Arg::Value(input.parse()?)
        } else if input.peek(syn::token::Paren) {
            let content;
            let paren = syn::parenthesized!(content in input);
            Arg::List(content.parse()?, paren.span.join())
        } else {
            Arg::Flag
        };
        Ok(Item { name, arg })
    }
}

/// Every rule name.
const NAMES: &[&str] = &[
    "gt",
    "gte",
    "lt",
    "lte",
    "const",
    "in",
    "not_in",
    "finite",
    "min_len",
    "max_len",
    "len",
    "pattern",
    "prefix",
    "suffix",
    "uuid",
    "not_empty",
    "min_items",
    "max_items",
    "unique",
    "items",
    "min_pairs",
    "max_pairs",
    "keys",
    "values",
    "defined_only",
    "required",
];

/// The rule a misspelt name most likely meant: the same letters without
/// underscores, or at most two edits away.
fn suggest(name: &str) -> Option<&'static str> {
    let bare = |s: &str| s.replace('_', "").to_lowercase();
    if let Some(n) = NAMES.iter().find(|n| bare(n) == bare(name)) {
        return Some(n);
    }
    NAMES
        .iter()
        .map(|n| (edits(n, name), *n))
        .filter(|(d, n)| *d <= 2 && *d < n.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Levenshtein distance.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

impl FromMeta for Rules {
    fn from_meta(item: &Meta) -> darling::Result<Self> {
        match item {
            Meta::List(list) => Rules::parse_list(list.tokens.clone()),
            other => Err(darling::Error::custom(
                "write validation rules as `validate(rule, rule = value, ...)`",
            )
            .with_span(other)),
        }
    }
}

fn set<T>(name: &str, span: Span, slot: &mut Option<Spanned<T>>, value: T) -> darling::Result<()> {
    if slot.is_some() {
        return Err(
            darling::Error::custom(format!("rule `{name}` is given twice")).with_span(&span),
        );
    }
    *slot = Some(Spanned { value, span });
    Ok(())
}

fn flag(item: &Item, name: &str, slot: &mut Option<Span>) -> darling::Result<()> {
    if !matches!(item.arg, Arg::Flag) {
        return Err(darling::Error::custom(format!(
            "rule `{name}` takes no value: write just `{name}`"
        ))
        .with_span(&item.span()));
    }
    if slot.is_some() {
        return Err(
            darling::Error::custom(format!("rule `{name}` is given twice")).with_span(&item.span()),
        );
    }
    *slot = Some(item.span());
    Ok(())
}

fn value_of<'a>(item: &'a Item, name: &str) -> darling::Result<&'a Expr> {
    match &item.arg {
        Arg::Value(e) => Ok(e),
        _ => Err(darling::Error::custom(format!(
            "rule `{name}` needs a value: write `{name} = ...`"
        ))
        .with_span(&item.span())),
    }
}

fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(g) => strip(&g.expr),
        Expr::Paren(p) => strip(&p.expr),
        other => other,
    }
}

/// A number or string literal, possibly negated.
fn literal(expr: &Expr) -> darling::Result<Lit> {
    match strip(expr) {
        Expr::Lit(ExprLit {
            lit: SynLit::Int(i),
            ..
        }) => i
            .base10_parse::<i128>()
            .map(Lit::Int)
            .map_err(|e| darling::Error::custom(e).with_span(i)),
        Expr::Lit(ExprLit {
            lit: SynLit::Float(f),
            ..
        }) => match f.base10_parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Lit::Float(x)),
            Ok(_) => Err(darling::Error::custom(
                "this number is out of range for an f64 (it would be infinity); a bound must be finite",
            )
            .with_span(f)),
            Err(e) => Err(darling::Error::custom(e).with_span(f)),
        },
        Expr::Lit(ExprLit {
            lit: SynLit::Str(s),
            ..
        }) => Ok(Lit::Str(s.value())),
        Expr::Unary(ExprUnary {
            op: UnOp::Neg(_),
            expr: inner,
            ..
        }) => match literal(inner)? {
            Lit::Int(n) => Ok(Lit::Int(-n)),
            Lit::Float(f) => Ok(Lit::Float(-f)),
            Lit::Str(_) => {
                Err(darling::Error::custom("a string cannot be negated").with_span(expr))
            }
        },
        other => {
            Err(darling::Error::custom("expected a number or string literal").with_span(other))
        }
    }
}

fn number(expr: &Expr) -> darling::Result<Lit> {
    match literal(expr)? {
        Lit::Str(_) => Err(darling::Error::custom("expected a number").with_span(expr)),
        n => Ok(n),
    }
}

fn count(expr: &Expr) -> darling::Result<u64> {
    match literal(expr)? {
        Lit::Int(n) => u64::try_from(n).map_err(|_| {
            darling::Error::custom("expected a count: a whole number, 0 or more").with_span(expr)
        }),
        _ => Err(
            darling::Error::custom("expected a count: a whole number, 0 or more").with_span(expr),
        ),
    }
}

fn string(expr: &Expr) -> darling::Result<String> {
    match literal(expr)? {
        Lit::Str(s) => Ok(s),
        _ => Err(darling::Error::custom("expected a string literal").with_span(expr)),
    }
}

/// `in(1, 2, 3)` or `in = [1, 2, 3]`.
fn literal_list(item: &Item, name: &str) -> darling::Result<Vec<Spanned<Lit>>> {
    let exprs: Vec<Expr> = match &item.arg {
        Arg::List(tokens, _) => syn::parse::Parser::parse2(
            syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated,
            tokens.clone(),
        )
        .map_err(darling::Error::from)?
        .into_iter()
        .collect(),
        Arg::Value(value) => match strip(value) {
            Expr::Array(a) => a.elems.iter().cloned().collect(),
            other => {
                return Err(darling::Error::custom(format!(
                    "write `{name}(a, b, ...)` or `{name} = [a, b, ...]`"
                ))
                .with_span(other))
            }
        },
        Arg::Flag => {
            return Err(darling::Error::custom(format!(
                "rule `{name}` needs values: write `{name}(a, b, ...)`"
            ))
            .with_span(&item.span()))
        }
    };
    let mut errors = darling::Error::accumulator();
    let mut out = Vec::new();
    for e in &exprs {
        if let Some(value) = errors.handle(literal(e)) {
            out.push(Spanned {
                value,
                span: e.span(),
            });
        }
    }
    errors.finish_with(out)
}

fn nested(item: &Item, name: &str) -> darling::Result<Box<Rules>> {
    match &item.arg {
        Arg::List(tokens, _) => Rules::parse_list(tokens.clone()).map(Box::new),
        _ => Err(darling::Error::custom(format!(
            "write the element rules as `{name}(rule, rule = value, ...)`"
        ))
        .with_span(&item.span())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn parse(meta: Meta) -> Result<Rules, usize> {
        Rules::from_meta(&meta).map_err(|e| e.len())
    }

    #[test]
    fn parses_the_vocabulary() {
        let r = parse(parse_quote!(validate(
            gte = -1,
            lt = 2.5,
            const = 3,
            in(1, 2),
            not_in = [4],
            finite,
            min_len = 1,
            max_len = 64,
            pattern = "^[a-z]+$",
            uuid,
            min_items = 1,
            items(gte = 0),
            keys(max_len = 8),
            values(finite),
            required
        )))
        .unwrap();
        assert_eq!(r.gte.unwrap().value, Lit::Int(-1));
        assert_eq!(r.lt.unwrap().value, Lit::Float(2.5));
        assert_eq!(r.konst.unwrap().value, Lit::Int(3));
        assert_eq!(r.in_list.unwrap().value.len(), 2);
        assert_eq!(r.not_in.unwrap().value.len(), 1);
        assert_eq!(r.max_len.unwrap().value, 64);
        assert!(r.items.unwrap().value.gte.is_some());
        assert_eq!(
            (r.keys.is_some(), r.values.is_some(), r.required.is_some()),
            (true, true, true)
        );
    }

    /// The messages of the errors of `validate(...)`.
    fn messages(meta: Meta) -> Vec<String> {
        Rules::from_meta(&meta)
            .err()
            .into_iter()
            .flatten()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn literals_in_every_form() {
        let r = parse(parse_quote!(validate(
            gt = (-(2)),
            lte = -0.5,
            in = [1, -2.5, "x"],
            not_in("a", 3),
            prefix = ("p"),
            unique,
            max_items = 3,
            min_pairs = 0,
            max_pairs = 9,
            len = 4,
            suffix = "s",
            not_empty,
            defined_only,
            r#const = "c"
        )))
        .unwrap();
        assert_eq!(r.gt.map(|s| s.value), Some(Lit::Int(-2)));
        assert_eq!(r.lte.map(|s| s.value), Some(Lit::Float(-0.5)));
        let values = |l: Option<Spanned<Vec<Spanned<Lit>>>>| {
            l.map(|l| l.value.into_iter().map(|v| v.value).collect::<Vec<_>>())
        };
        assert_eq!(
            values(r.in_list),
            Some(vec![Lit::Int(1), Lit::Float(-2.5), Lit::Str("x".into())])
        );
        assert_eq!(
            values(r.not_in),
            Some(vec![Lit::Str("a".into()), Lit::Int(3)])
        );
        assert_eq!(r.prefix.map(|s| s.value), Some("p".to_owned()));
        assert_eq!(r.suffix.map(|s| s.value), Some("s".to_owned()));
        assert_eq!(r.konst.map(|s| s.value), Some(Lit::Str("c".into())));
        let counts =
            [&r.max_items, &r.min_pairs, &r.max_pairs, &r.len].map(|c| c.as_ref().map(|c| c.value));
        assert_eq!(counts, [Some(3), Some(0), Some(9), Some(4)]);
        let flags = [r.unique, r.not_empty, r.defined_only, r.finite].map(|f| f.is_some());
        assert_eq!(flags, [true, true, true, false]);
        assert_eq!(
            [Lit::Int(-2), Lit::Float(0.5), Lit::Str("a\"b".into())].map(|l| l.describe()),
            ["-2".to_owned(), "0.5".to_owned(), "\"a\\\"b\"".to_owned()]
        );
        assert_eq!(
            [Lit::Int(-2), Lit::Float(0.5), Lit::Str("x".into())].map(|l| l.as_f64()),
            [Some(-2.0), Some(0.5), None]
        );
    }

    #[test]
    fn a_literal_from_a_macro_rules_is_read_through_its_invisible_group() {
        let one = proc_macro2::TokenTree::Group(proc_macro2::Group::new(
            proc_macro2::Delimiter::None,
            quote::quote!(1),
        ));
        let meta: Meta = syn::parse2(quote::quote!(validate(gte = #one))).unwrap();
        assert_eq!(parse(meta).unwrap().gte.map(|s| s.value), Some(Lit::Int(1)));
    }

    #[test]
    fn each_syntax_error_says_what_to_write() {
        assert_eq!(
            messages(parse_quote!(validate = "x")),
            ["write validation rules as `validate(rule, rule = value, ...)`"]
        );
        assert_eq!(messages(parse_quote!(validate(gte 1))), ["expected `,`"]);
        assert_eq!(
            messages(parse_quote!(validate(
                finite,
                finite,
                uuid(1),
                gte,
                lte(1),
                lt = x,
                gt = -"a",
                const = 1000000000000000000000000000000000000000,
                lt = 1.5e999,
                max_len = 1.5,
                prefix = 3,
                in,
                in = 3,
                not_in(1, x),
                items = 3,
                keys,
                values(nope),
                colour = 1,
                gte = 1
            ))),
            [
                "rule `finite` is given twice",
                "rule `uuid` takes no value: write just `uuid`",
                "rule `gte` needs a value: write `gte = ...`",
                "rule `lte` needs a value: write `lte = ...`",
                "expected a number or string literal",
                "a string cannot be negated",
                "number too large to fit in target type",
                "this number is out of range for an f64 (it would be infinity); a bound must be finite",
                "expected a count: a whole number, 0 or more",
                "expected a string literal",
                "rule `in` needs values: write `in(a, b, ...)`",
                "write `in(a, b, ...)` or `in = [a, b, ...]`",
                "expected a number or string literal",
                "write the element rules as `items(rule, rule = value, ...)`",
                "write the element rules as `keys(rule, rule = value, ...)`",
                "unknown validation rule `nope`; rules are numbers: gt, gte, lt, lte, const, in, not_in, finite; strings: min_len, max_len, len, pattern, prefix, suffix, uuid, not_empty (and const, in, not_in); bytes: min_len, max_len, len, not_empty; repeated: min_items, max_items, unique, items(...); maps: min_pairs, max_pairs, keys(...), values(...); enumerations: defined_only; messages and oneofs: required",
                "unknown validation rule `colour`; rules are numbers: gt, gte, lt, lte, const, in, not_in, finite; strings: min_len, max_len, len, pattern, prefix, suffix, uuid, not_empty (and const, in, not_in); bytes: min_len, max_len, len, not_empty; repeated: min_items, max_items, unique, items(...); maps: min_pairs, max_pairs, keys(...), values(...); enumerations: defined_only; messages and oneofs: required",
            ]
        );
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("maxlen"), Some("max_len"));
        assert_eq!(suggest("MinItems"), Some("min_items"));
        assert_eq!(suggest("requird"), Some("required"));
        assert_eq!(suggest("defined"), None);
        assert_eq!(suggest("regex"), None);
    }

    #[test]
    fn syntax_errors_accumulate() {
        // unknown rule, twice, flag with value, count negative, number expected
        let n = parse(parse_quote!(validate(
            maxlen = 3,
            gte = 1,
            gte = 2,
            finite = true,
            min_len = -1,
            lt = "x"
        )))
        .unwrap_err();
        assert_eq!(n, 5);
    }
}
