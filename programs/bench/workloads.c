// Interpreter benchmark workloads, compiled freestanding to wasm32 (no libc): each export takes a
// size, does its work on static buffers in linear memory and returns a checksum, so that every
// engine's result can be checked against the others'. See docs/benchmarks.md.
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(name)))

// ---- recursive and iterative Fibonacci ----
EXPORT("fib_rec") int32_t fib_rec(int32_t n) { return n < 2 ? n : fib_rec(n - 1) + fib_rec(n - 2); }

EXPORT("fib_iter") int64_t fib_iter(int32_t n) {
  // Repeated so the loop body dominates the call: n rounds of fib(90..93) mod 2^64 (the varying
  // bound keeps an optimizing compiler from folding the loop away).
  uint64_t acc = 0;
  for (int32_t r = 0; r < n; r++) {
    uint64_t a = 0, b = 1;
    for (int32_t i = 0; i < 90 + (r & 3); i++) {
      uint64_t t = a + b;
      a = b;
      b = t;
    }
    acc += a ^ (uint64_t)r;
  }
  return (int64_t)acc;
}

// ---- sieve of Eratosthenes ----
static uint8_t composite[1 << 20];

EXPORT("sieve") int32_t sieve(int32_t n) {
  if (n > (int32_t)sizeof composite) n = sizeof composite;
  for (int32_t i = 0; i < n; i++) composite[i] = 0;
  int32_t count = 0;
  for (int32_t i = 2; i < n; i++) {
    if (!composite[i]) {
      count++;
      for (int32_t j = i + i; j < n; j += i) composite[j] = 1;
    }
  }
  return count;
}

// ---- matrix multiply, f32 and f64 ----
#define MAXN 128
static float fa[MAXN * MAXN], fb[MAXN * MAXN], fc[MAXN * MAXN];
static double da[MAXN * MAXN], db[MAXN * MAXN], dc[MAXN * MAXN];

EXPORT("matmul_f32") int32_t matmul_f32(int32_t n) {
  if (n > MAXN) n = MAXN;
  for (int32_t i = 0; i < n * n; i++) {
    fa[i] = (float)(i % 7) * 0.5f;
    fb[i] = (float)(i % 5) * 0.25f;
  }
  for (int32_t i = 0; i < n; i++)
    for (int32_t j = 0; j < n; j++) {
      float s = 0;
      for (int32_t k = 0; k < n; k++) s += fa[i * n + k] * fb[k * n + j];
      fc[i * n + j] = s;
    }
  float sum = 0;
  for (int32_t i = 0; i < n * n; i++) sum += fc[i];
  return (int32_t)sum;
}

EXPORT("matmul_f64") int32_t matmul_f64(int32_t n) {
  if (n > MAXN) n = MAXN;
  for (int32_t i = 0; i < n * n; i++) {
    da[i] = (double)(i % 7) * 0.5;
    db[i] = (double)(i % 5) * 0.25;
  }
  for (int32_t i = 0; i < n; i++)
    for (int32_t j = 0; j < n; j++) {
      double s = 0;
      for (int32_t k = 0; k < n; k++) s += da[i * n + k] * db[k * n + j];
      dc[i * n + j] = s;
    }
  double sum = 0;
  for (int32_t i = 0; i < n * n; i++) sum += dc[i];
  return (int32_t)sum;
}

// ---- SHA-256 over a buffer ----
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const uint8_t *p) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
           p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static uint8_t message[1 << 16];

// The first word of SHA-256 over n KiB of a counting pattern (whole blocks; no padding needed for
// a benchmark, every engine computes the same).
EXPORT("sha256") int32_t sha256(int32_t kib) {
  if (kib > 64) kib = 64;
  int32_t len = kib * 1024;
  for (int32_t i = 0; i < len; i++) message[i] = (uint8_t)(i * 31 + 7);
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  for (int32_t off = 0; off < len; off += 64) sha256_block(h, message + off);
  return (int32_t)h[0];
}

// ---- sort with an indirect-call comparator ----
static int32_t items[1 << 16];

typedef int (*cmp_fn)(const int32_t *, const int32_t *);

static int cmp_desc(const int32_t *a, const int32_t *b) { return *a < *b ? 1 : *a > *b ? -1 : 0; }
static int cmp_asc(const int32_t *a, const int32_t *b) { return *a < *b ? -1 : *a > *b ? 1 : 0; }

// volatile keeps the comparator an indirect call (clang would otherwise inline it).
static volatile cmp_fn comparators[2] = {cmp_asc, cmp_desc};

static void shell_sort(int32_t *v, int32_t n, cmp_fn cmp) {
  for (int32_t gap = n / 2; gap > 0; gap /= 2)
    for (int32_t i = gap; i < n; i++) {
      int32_t t = v[i];
      int32_t j = i;
      for (; j >= gap && cmp(&v[j - gap], &t) > 0; j -= gap) v[j] = v[j - gap];
      v[j] = t;
    }
}

EXPORT("sort") int32_t sort(int32_t n) {
  if (n > (int32_t)(sizeof items / sizeof items[0])) n = sizeof items / sizeof items[0];
  uint32_t x = 12345;
  for (int32_t i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    items[i] = (int32_t)(x >> 8);
  }
  shell_sort(items, n, comparators[0]);
  int32_t check = 0;
  for (int32_t i = 0; i < n; i++) check = check * 31 + items[i];
  return check;
}

// ---- a branchy byte-code interpreter loop ----
enum { OP_PUSH, OP_ADD, OP_SUB, OP_DUP, OP_JNZ, OP_SWAP, OP_XOR, OP_HALT };

static const uint8_t program[] = {
    OP_PUSH, 0,  // acc
    OP_PUSH, 0,  // counter (set below)
    // loop: acc += counter ^ 3; counter -= 1; if counter != 0 goto loop
    OP_DUP, OP_PUSH, 3, OP_XOR, OP_SWAP, OP_ADD, OP_PUSH, 1, OP_SUB, OP_DUP, OP_JNZ, 4, OP_HALT};

EXPORT("interp") int32_t interp(int32_t n) {
  int32_t stack[16];
  int32_t sp = 0;
  int32_t pc = 0;
  for (;;) {
    switch (program[pc]) {
      case OP_PUSH:
        stack[sp++] = pc == 2 ? n : program[pc + 1];
        pc += 2;
        break;
      case OP_ADD: {
        // [acc, v, counter]: adds v to acc and keeps the counter on top.
        int32_t c = stack[--sp];
        int32_t v = stack[--sp];
        stack[sp - 1] += v;
        stack[sp++] = c;
        pc++;
        break;
      }
      case OP_SUB: {
        int32_t b = stack[--sp];
        stack[sp - 1] -= b;
        pc++;
        break;
      }
      case OP_DUP:
        stack[sp] = stack[sp - 1];
        sp++;
        pc++;
        break;
      case OP_JNZ:
        pc = stack[--sp] != 0 ? program[pc + 1] : pc + 2;
        break;
      case OP_SWAP: {
        int32_t t = stack[sp - 1];
        stack[sp - 1] = stack[sp - 2];
        stack[sp - 2] = t;
        pc++;
        break;
      }
      case OP_XOR: {
        int32_t b = stack[--sp];
        stack[sp - 1] ^= b;
        pc++;
        break;
      }
      default:
        return stack[0];
    }
  }
}
