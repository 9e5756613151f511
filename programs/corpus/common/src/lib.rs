//! What every corpus driver shares: its inputs (the committed Sherlock Holmes text, a reproducible
//! pseudo-random stream) and the FNV-1a fold that turns outputs into a checksum.

/// The first 128 KiB of "The Adventures of Sherlock Holmes" (public domain), from `data/`.
pub const SHERLOCK: &str = include_str!("../../data/sherlock.txt");

/// `len` bytes of the Sherlock text, repeated as often as needed, cut back to a UTF-8 boundary.
pub fn sherlock(len: usize) -> String {
    let mut text = String::with_capacity(len + SHERLOCK.len());
    while text.len() < len {
        text.push_str(SHERLOCK);
    }
    let mut end = len;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

/// xorshift64* (Vigna): a fixed seed gives the same stream on every engine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// `len` pseudo-random bytes.
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        out.truncate(len);
        out
    }
}

/// FNV-1a, 64 bits: folds `bytes` into `hash` (start from [`FNV_OFFSET`]).
pub fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= b as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
