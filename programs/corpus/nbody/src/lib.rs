//! The Computer Language Benchmarks Game's n-body simulation (five planets, symplectic steps of
//! 0.01), as the Rust portable-simd project ships it (`nbody.rs`, from Rust 1.63's sources): `n`
//! steps. Its `f64x4` vectors are lowered to scalar f64 code on wasm32 without SIMD. Needs
//! `#![feature(portable_simd)]`, which build.sh enables on Debian's stable rustc with
//! RUSTC_BOOTSTRAP=1.
#![feature(portable_simd)]

include!("nbody.rs");

/// The energy after `n` steps, as f64 bits (the program prints it to nine decimals).
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let (_before, after) = nbody::run(n as usize);
    after.to_bits() as i64
}
