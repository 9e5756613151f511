// A freestanding C program built as a pthread build's memory is: shared (wasm-ld --shared-memory),
// its data segments passive and copied by wasm-ld's start function under an atomic flag with
// memory.atomic.wait32 and notify, as every thread of such a module would race to do. The program
// takes a futex-style lock (compare-exchange, wait while taken, store and notify to release) around
// atomic read-modify-writes, as code built with -pthread does even when it never spawns a thread.
// One agent runs it: every wait finds its value changed ("not-equal") or returns "timed-out".
#include <stdatomic.h>

static _Atomic int counter;
static _Atomic long long total;
static _Atomic int lock;
static int data[64] = {1, 2, 3};

static void take(void) {
  int expected = 0;
  while (!atomic_compare_exchange_weak(&lock, &expected, 1)) {
    expected = 0;
    __builtin_wasm_memory_atomic_wait32((int *)&lock, 1, -1);
  }
}

static void release(void) {
  atomic_store(&lock, 0);
  __builtin_wasm_memory_atomic_notify((int *)&lock, 1);
}

// n rounds of: total += i * data[i % 64]; data[i % 64] += i; counter++ (under the lock);
// returns total + counter.
__attribute__((export_name("run"))) long long run(int n) {
  for (int i = 0; i < n; i++) {
    take();
    atomic_fetch_add(&counter, 1);
    atomic_fetch_add(&total, (long long)i * data[i & 63]);
    data[i & 63] += i;
    release();
  }
  atomic_thread_fence(memory_order_seq_cst);
  return atomic_load(&total) + atomic_load(&counter);
}
