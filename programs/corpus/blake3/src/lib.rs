//! The official BLAKE3 crate (its portable implementation on wasm32): the plain hash of `n` KiB of
//! pseudo-random bytes in one call, then a keyed hash of the same bytes in 1,000-byte updates.

use corpus_common::Rng;

/// The first eight bytes of the hash XOR the first eight of the keyed hash.
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let data = Rng::new(0xb1a4e3).bytes(n as usize * 1024);
    let plain = blake3::hash(&data);
    let mut keyed = blake3::Hasher::new_keyed(plain.as_bytes());
    for chunk in data.chunks(1000) {
        keyed.update(chunk);
    }
    let keyed = keyed.finalize();
    let head = |d: &[u8; 32]| i64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
    head(plain.as_bytes()) ^ head(keyed.as_bytes())
}
