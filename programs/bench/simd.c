// SIMD benchmark kernels, compiled freestanding to wasm32 with -msimd128 (no libc): each export
// takes a size, works on static buffers in linear memory with wasm_simd128.h intrinsics and returns
// a checksum, so that every engine's result can be checked against the others'. See
// docs/benchmarks.md.
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define N 4096

static float xs[N], ys[N];
static uint8_t pixels[N * 4], blurred[N * 4];
static int32_t words[N];

// ---- f32x4 dot product, n rounds over 4096 floats ----
EXPORT("simd_dot") int32_t simd_dot(int32_t n) {
  for (int32_t i = 0; i < N; i++) {
    xs[i] = (float)(i % 17) * 0.25f;
    ys[i] = (float)(i % 13) * 0.5f;
  }
  v128_t total = wasm_f32x4_splat(0);
  for (int32_t r = 0; r < n; r++) {
    v128_t acc = wasm_f32x4_splat(0);
    for (int32_t i = 0; i < N; i += 4) {
      acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(xs + i), wasm_v128_load(ys + i)));
    }
    total = wasm_f32x4_add(total, acc);
  }
  return (int32_t)(wasm_f32x4_extract_lane(total, 0) + wasm_f32x4_extract_lane(total, 1) +
                   wasm_f32x4_extract_lane(total, 2) + wasm_f32x4_extract_lane(total, 3));
}

// ---- u8x16 box blur of a 4096 x 4 byte image, n rounds ----
EXPORT("simd_blur") int32_t simd_blur(int32_t n) {
  for (int32_t i = 0; i < N * 4; i++) pixels[i] = (uint8_t)(i * 131 + (i >> 7));
  for (int32_t r = 0; r < n; r++) {
    for (int32_t i = 16; i < N * 4 - 32; i += 16) {
      v128_t a = wasm_v128_load(pixels + i - 1);
      v128_t b = wasm_v128_load(pixels + i);
      v128_t c = wasm_v128_load(pixels + i + 1);
      v128_t lo = wasm_i16x8_add(wasm_i16x8_add(wasm_u16x8_extend_low_u8x16(a),
                                                wasm_u16x8_extend_low_u8x16(b)),
                                 wasm_u16x8_extend_low_u8x16(c));
      v128_t hi = wasm_i16x8_add(wasm_i16x8_add(wasm_u16x8_extend_high_u8x16(a),
                                                wasm_u16x8_extend_high_u8x16(b)),
                                 wasm_u16x8_extend_high_u8x16(c));
      v128_t third = wasm_i16x8_splat(21846); // 65536 / 3, q16
      lo = wasm_i16x8_q15mulr_sat(wasm_u16x8_shr(lo, 1), third);
      hi = wasm_i16x8_q15mulr_sat(wasm_u16x8_shr(hi, 1), third);
      wasm_v128_store(blurred + i, wasm_u8x16_narrow_i16x8(lo, hi));
    }
    for (int32_t i = 16; i < N * 4 - 32; i += 16) {
      wasm_v128_store(pixels + i, wasm_u8x16_avgr(wasm_v128_load(blurred + i),
                                                  wasm_v128_load(pixels + i)));
    }
  }
  v128_t sum = wasm_i32x4_splat(0);
  for (int32_t i = 0; i < N * 4; i += 16) {
    v128_t p = wasm_v128_load(pixels + i);
    sum = wasm_i32x4_add(sum, wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(p)));
  }
  return wasm_i32x4_extract_lane(sum, 0) ^ wasm_i32x4_extract_lane(sum, 1) * 3 ^
         wasm_i32x4_extract_lane(sum, 2) * 5 ^ wasm_i32x4_extract_lane(sum, 3) * 7;
}

// ---- i32x4 hash: n rounds of a multiply-xor-shift mix over 4096 words ----
EXPORT("simd_hash") int32_t simd_hash(int32_t n) {
  for (int32_t i = 0; i < N; i++) words[i] = i * 2654435761u;
  v128_t h = wasm_i32x4_make(1, 2, 3, 4);
  for (int32_t r = 0; r < n; r++) {
    for (int32_t i = 0; i < N; i += 4) {
      v128_t w = wasm_v128_load(words + i);
      h = wasm_v128_xor(h, w);
      h = wasm_i32x4_mul(h, wasm_i32x4_splat(0x01000193));
      h = wasm_v128_xor(h, wasm_u32x4_shr(h, 15));
      h = wasm_i32x4_shuffle(h, h, 1, 2, 3, 0);
    }
  }
  return wasm_i32x4_extract_lane(h, 0) ^ wasm_i32x4_extract_lane(h, 1) ^
         wasm_i32x4_extract_lane(h, 2) ^ wasm_i32x4_extract_lane(h, 3);
}
