//! The slice decoder generated for each message (`Contract::__merge_slice`):
//! one loop over the input that matches each record's whole key (field number
//! and wire type) against the keys its fields are written with, and decodes a
//! matching record straight into its field. Anything else (another wire type,
//! a oneof, an unknown field, a malformed key) takes the general path through
//! `Contract::__merge_field`, so both paths accept and reject the same input.
//!
//! A map field is sized for its whole run of entries when its first entry
//! arrives (the records that follow with the same key are counted without
//! being decoded), so the hash table is allocated once instead of growing and
//! rehashing, as far as the decode's memory budget allows. Repeated fields are left to `Vec`'s doubling: measured on the
//! `SystemStatePacket` case, reserving the exact number of seeds made decode
//! slower (about 6.8 µs against 5.3 µs), as one exact allocation above glibc's
//! small-bin sizes sends malloc through `malloc_consolidate` on every decode,
//! where growth by `realloc` mostly extends in place.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ty::Shape;

/// What the decoder needs of one plain field.
pub(crate) struct DecodeField<'a> {
    pub(crate) ident: &'a syn::Ident,
    pub(crate) number: u32,
    pub(crate) shape: &'a Shape,
    /// The call that merges `field` into the field (an expression of type
    /// `Result<(), DecodeError>`).
    pub(crate) merge: TokenStream,
    /// The field's proto name, for error paths.
    pub(crate) name: &'a str,
}

/// The `__merge_slice` method of the `Contract` impl.
pub(crate) fn merge_slice(fields: &[DecodeField<'_>], message: &str) -> TokenStream {
    let mut consts = Vec::new();
    let mut arms = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let key = format_ident!("__LEYLINE_KEY_{}", i);
        let n = f.number;
        let wire = match f.shape {
            Shape::Singular(e) | Shape::Optional(e) => {
                let wire = e.proto("WIRE_TYPE");
                quote!(#wire as u64)
            }
            Shape::Repeated(e) if e.unpacked.is_some() => {
                // `packed = false`: expect what the field writes, one record per element.
                let c = e.codec();
                quote!(<#c as ::leyline::__private::ProtoType>::WIRE_TYPE as u64)
            }
            Shape::Repeated(e) => {
                let (packed, wire) = (e.proto("PACKED"), e.proto("WIRE_TYPE"));
                quote! {
                    if #packed {
                        ::leyline::__private::WireType::LengthDelimited as u64
                    } else {
                        #wire as u64
                    }
                }
            }
            Shape::Map { .. } => quote!(::leyline::__private::WireType::LengthDelimited as u64),
        };
        consts.push(quote!(const #key: u64 = ((#n as u64) << 3) | (#wire);));
        let ident = f.ident;
        let merge = &f.merge;
        let fname = f.name;
        let reserve = match f.shape {
            Shape::Map { .. } => {
                Some(quote!(::leyline::__private::reserve_map_run(&mut self.#ident, run + 1, ctx)))
            }
            _ => None,
        };
        // The run is counted on a copy of the reader, and `merge_other_field`
        // below takes it by value and hands it back: the reader never has its
        // address passed to a call, so the loop keeps it in registers.
        let hint = reserve.map(|reserve| {
            quote! {
                if self.#ident.is_empty() {
                    let run = __leyline_r.clone().count_run(__leyline_r.slice(__leyline_start, __leyline_key_end));
                    if run > 0 {
                        #reserve;
                    }
                }
            }
        });
        let merge = super::try_map(
            merge,
            &quote!(::leyline::__private::field_error(e, #message, #fname)),
        );
        arms.push(quote! {
            #key => {
                let __leyline_key_end = __leyline_r.position();
                let field = __leyline_r.read_known_value(#n, (#key & 7) as u8, ctx)?;
                #hint
                #merge;
            }
        });
    }
    quote! {
        #[inline]
        fn __merge_slice(
            &mut self,
            bytes: &[u8],
            ctx: ::leyline::__private::DecodeCtx<'_>,
        ) -> ::core::result::Result<(), ::leyline::__private::DecodeError> {
            #(#consts)*
            let mut __leyline_r = ::leyline::__private::Reader::new(bytes);
            while !__leyline_r.is_empty() {
                let __leyline_start = __leyline_r.position();
                match __leyline_r.read_raw_key()? {
                    #(#arms)*
                    key => __leyline_r = ::leyline::__private::merge_other_field(self, __leyline_r.clone(), __leyline_start, key, ctx)?,
                }
            }
            ::core::result::Result::Ok(())
        }
    }
}
