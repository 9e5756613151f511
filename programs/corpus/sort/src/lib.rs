//! Rust's own slice sorts (Rust 1.63's core and alloc): the unstable pattern-defeating quicksort on
//! `1,000 n` pseudo-random integers, and the stable merge sort on `1,000 n` records keyed by a few
//! distinct values, then on their string labels through a comparator.

use corpus_common::Rng;

/// Sums of position times value over the sorted outputs; -1 if an output is out of order or a
/// stable sort reordered equal keys.
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let len = n as usize * 1000;
    let mut rng = Rng::new(0x50a7);
    let mut numbers: Vec<u64> = (0..len).map(|_| rng.next_u64()).collect();
    numbers.sort_unstable();
    let mut records: Vec<(u32, u32)> = (0..len as u32)
        .map(|i| ((rng.next_u64() % 64) as u32, i))
        .collect();
    records.sort_by_key(|r| r.0);
    let mut labels: Vec<String> = (0..len / 4)
        .map(|_| format!("{:x}", rng.next_u64() >> (rng.next_u64() % 48)))
        .collect();
    labels.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    if numbers.windows(2).any(|w| w[0] > w[1])
        || records.windows(2).any(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 > w[1].1))
        || labels.windows(2).any(|w| (w[0].len(), &w[0]) > (w[1].len(), &w[1]))
    {
        return -1;
    }
    let mut sum = 0u64;
    for (i, v) in numbers.iter().enumerate() {
        sum = sum.wrapping_add((i as u64 + 1).wrapping_mul(*v));
    }
    for (i, r) in records.iter().enumerate() {
        sum = sum.wrapping_add((i as u64 + 1) * r.1 as u64);
    }
    for (i, s) in labels.iter().enumerate() {
        sum = sum.wrapping_add((i as u64 + 1) * s.as_bytes()[0] as u64);
    }
    sum as i64
}
