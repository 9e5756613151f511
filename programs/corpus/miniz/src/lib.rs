//! miniz_oxide (the deflate implementation behind flate2): compresses `n` KiB of the Sherlock text
//! at level 6, inflates it again and checks the round trip.

use corpus_common::{fnv1a, sherlock, FNV_OFFSET};
use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec;

/// FNV-1a of the compressed stream; -1 if inflating it does not give the input back.
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let input = sherlock(n as usize * 1024);
    let packed = compress_to_vec(input.as_bytes(), 6);
    match decompress_to_vec(&packed) {
        Ok(unpacked) if unpacked == input.as_bytes() => fnv1a(FNV_OFFSET, &packed) as i64,
        _ => -1,
    }
}
