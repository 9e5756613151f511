//! serde_json on rustc-perf's `parsing` input (30 real GitHub API events, one per line here):
//! `n` events, cycling through the 30, each parsed into a `serde_json::Value` and into typed
//! structs (serde's derive), then written back out as JSON.

use corpus_common::{fnv1a, FNV_OFFSET};
use serde::{Deserialize, Serialize};
use serde_json::Value;

const EVENTS: &str = include_str!("../../data/github-events.jsonl");

#[derive(Deserialize, Serialize)]
struct Actor {
    id: u64,
    login: String,
    display_login: Option<String>,
    url: String,
    avatar_url: String,
}

#[derive(Deserialize, Serialize)]
struct Repo {
    id: u64,
    name: String,
    url: String,
}

#[derive(Deserialize, Serialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    actor: Actor,
    repo: Repo,
    payload: Value,
    public: bool,
    created_at: String,
    org: Option<Actor>,
}

/// FNV-1a of everything written back, folded with the typed events' numeric fields.
#[no_mangle]
pub extern "C" fn run(n: i32) -> i64 {
    let lines: Vec<&str> = EVENTS.lines().collect();
    let mut hash = FNV_OFFSET;
    for i in 0..n as usize {
        let line = lines[i % lines.len()];
        let value: Value = serde_json::from_str(line).unwrap();
        let event: Event = serde_json::from_str(line).unwrap();
        hash = fnv1a(hash, &serde_json::to_vec(&value).unwrap());
        hash = fnv1a(hash, &serde_json::to_vec_pretty(&event).unwrap());
        hash ^= event.actor.id.wrapping_add(event.repo.id);
    }
    hash as i64
}
