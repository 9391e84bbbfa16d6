//! The borrowed views of the well-known types: `Timestamp` and `Duration` are
//! viewed as themselves; the types prost-types decodes (`Struct`, `Value`,
//! `ListValue`, `Any`, `FieldMask`) as their checked bytes ([`ForeignView`]).

use core::fmt;
use core::marker::PhantomData;

use super::{Duration, Timestamp};
use crate::view::{ProtoView, Regions};
use crate::wire::{DecodeCtx, DecodeError, FieldValue, ProtoType};

macro_rules! copy_views {
    ($($ty:ty),* $(,)?) => {$(
        impl ProtoView for $ty {
            type View<'a> = $ty;
            #[inline]
            fn view_merge<'a>(
                view: &mut Self::View<'a>,
                field: FieldValue<'a>,
                ctx: DecodeCtx<'_>,
            ) -> Result<(), DecodeError> {
                <$ty as ProtoType>::merge(view, field, ctx)
            }
            #[inline]
            fn view_to_owned(view: &Self::View<'_>) -> Self::Value {
                *view
            }
        }
    )*};
}

copy_views!(Timestamp, Duration);

/// The view of a well-known type that prost-types defines (`Struct`, `Value`,
/// `ListValue`, `Any`, `FieldMask`): its bytes, checked by decoding them when
/// the view was decoded, and decoded again by [`ForeignView::get`].
pub struct ForeignView<'a, T> {
    regions: Regions<'a>,
    _type: PhantomData<fn() -> T>,
}

impl<T> Default for ForeignView<'_, T> {
    fn default() -> Self {
        ForeignView {
            regions: Regions::default(),
            _type: PhantomData,
        }
    }
}

impl<T> Clone for ForeignView<'_, T> {
    fn clone(&self) -> Self {
        ForeignView {
            regions: self.regions.clone(),
            _type: PhantomData,
        }
    }
}

impl<T: prost::Message + Default + fmt::Debug> fmt::Debug for ForeignView<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.get(), f)
    }
}

impl<T: prost::Message + Default> ForeignView<'_, T> {
    /// The decoded value.
    pub fn get(&self) -> T {
        let mut value = T::default();
        for region in self.regions.iter() {
            if value.merge(region).is_err() {
                break;
            }
        }
        value
    }

    /// The encoded bytes (of the first piece, when it arrived in several).
    pub fn as_bytes(&self) -> &[u8] {
        self.regions.iter().next().unwrap_or(&[])
    }
}

macro_rules! foreign_views {
    ($($ty:ident),* $(,)?) => {$(
        impl ProtoView for super::$ty {
            type View<'a> = ForeignView<'a, super::$ty>;
            fn view_merge<'a>(
                view: &mut Self::View<'a>,
                field: FieldValue<'a>,
                ctx: DecodeCtx<'_>,
            ) -> Result<(), DecodeError> {
                // Checked the way the owned decode reads it (unless a view
                // decode checked it already).
                if !ctx.is_checked() {
                    let mut check = view.get();
                    <super::$ty as ProtoType>::merge(&mut check, field, ctx)?;
                }
                if let FieldValue::Len(bytes) = field {
                    view.regions.push(bytes, ctx)?;
                }
                Ok(())
            }
            fn view_to_owned(view: &Self::View<'_>) -> super::$ty {
                view.get()
            }
        }
    )*};
}

foreign_views!(Struct, Value, ListValue, Any, FieldMask);
