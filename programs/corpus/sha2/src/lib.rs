//! The RustCrypto sha2 crate (portable code on wasm32): SHA-256 and SHA-512 of `n` KiB of
//! pseudo-random bytes, fed in 1,000-byte updates as a stream would be.

use corpus_common::Rng;
use sha2::{Digest, Sha256, Sha512};

/// The first eight bytes of SHA-256 XOR the first eight of SHA-512.
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let data = Rng::new(0x5a2_256_512).bytes(n as usize * 1024);
    let mut h256 = Sha256::new();
    let mut h512 = Sha512::new();
    for chunk in data.chunks(1000) {
        h256.update(chunk);
        h512.update(chunk);
    }
    let (a, b) = (h256.finalize(), h512.finalize());
    let head = |d: &[u8]| i64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
    head(&a) ^ head(&b)
}
