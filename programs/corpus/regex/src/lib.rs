//! The regex crate, as in rustc-perf's `text-search` runtime benchmark: compiles its two patterns
//! and runs them over `n` KiB of the Sherlock text (a search and a capture pass).

use corpus_common::sherlock;
use regex::Regex;

/// The matches of the first pattern, the captures of the second and their total length, packed.
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let text = sherlock(n as usize * 1024);
    let regex1 = Regex::new(r"[a-zA-Z]+ing").unwrap();
    let regex2 = Regex::new(r"(Sherlock|Holmes|Watson|Irene|Adler|John|Baker)").unwrap();
    let found = regex1.find_iter(&text).count() as i64;
    let (mut captured, mut length) = (0i64, 0i64);
    for c in regex2.captures_iter(&text) {
        captured += 1;
        length += c.get(1).map_or(0, |m| m.end() - m.start()) as i64;
    }
    (found << 40) ^ (captured << 20) ^ length
}
