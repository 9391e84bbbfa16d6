//! Procedural macros of Leyline.
use proc_macro::TokenStream;

#[proc_macro_attribute]
pub fn message(_args: TokenStream, input: TokenStream) -> TokenStream {
    input
}
#[proc_macro_attribute]
pub fn enumeration(_args: TokenStream, input: TokenStream) -> TokenStream {
    input
}
#[proc_macro_attribute]
pub fn oneof(_args: TokenStream, input: TokenStream) -> TokenStream {
    input
}
