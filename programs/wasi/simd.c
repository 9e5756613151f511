// A SIMD image filter: a deterministic 8-bit grayscale image is blurred (3x3 box filter),
// sharpened, gamma-adjusted in floating point and thresholded, all with WebAssembly SIMD
// intrinsics (wasm_simd128.h), then summarised by checksums. Built with -msimd128, so the
// compiler's own vectorised loops use v128 too. `simd [size] [rounds]`: a size x size image
// (a multiple of 16, default 256), filtered `rounds` times (default 4).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <wasm_simd128.h>

static uint32_t state = 2463534242u;

static uint32_t xorshift(void) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

// out[x] = (in[x-1] + in[x] + in[x+1]) of three rows, / 9, for 16 pixels at once.
static void blur_row(const uint8_t *up, const uint8_t *mid, const uint8_t *down, uint8_t *out,
                     int width) {
  const v128_t ninth = wasm_i16x8_splat(7282); // 65536 / 9, rounded: q16 reciprocal
  for (int x = 16; x < width - 16; x += 16) {
    v128_t sum_lo = wasm_i16x8_splat(0);
    v128_t sum_hi = wasm_i16x8_splat(0);
    const uint8_t *rows[3] = {up, mid, down};
    for (int r = 0; r < 3; r++) {
      for (int dx = -1; dx <= 1; dx++) {
        v128_t p = wasm_v128_load(rows[r] + x + dx);
        sum_lo = wasm_i16x8_add(sum_lo, wasm_u16x8_extend_low_u8x16(p));
        sum_hi = wasm_i16x8_add(sum_hi, wasm_u16x8_extend_high_u8x16(p));
      }
    }
    // (sum * 7282) >> 16 through the high half of a 32-bit product.
    v128_t lo0 = wasm_u32x4_extmul_low_u16x8(sum_lo, ninth);
    v128_t lo1 = wasm_u32x4_extmul_high_u16x8(sum_lo, ninth);
    v128_t hi0 = wasm_u32x4_extmul_low_u16x8(sum_hi, ninth);
    v128_t hi1 = wasm_u32x4_extmul_high_u16x8(sum_hi, ninth);
    v128_t a = wasm_u16x8_narrow_i32x4(wasm_u32x4_shr(lo0, 16), wasm_u32x4_shr(lo1, 16));
    v128_t b = wasm_u16x8_narrow_i32x4(wasm_u32x4_shr(hi0, 16), wasm_u32x4_shr(hi1, 16));
    wasm_v128_store(out + x, wasm_u8x16_narrow_i16x8(a, b));
  }
}

// out = saturate(2 * mid - blurred), with the average as a second opinion where they differ much.
static void sharpen_row(const uint8_t *mid, const uint8_t *blurred, uint8_t *out, int width) {
  for (int x = 0; x < width; x += 16) {
    v128_t m = wasm_v128_load(mid + x);
    v128_t b = wasm_v128_load(blurred + x);
    v128_t twice = wasm_u8x16_add_sat(m, m);
    v128_t sharp = wasm_u8x16_sub_sat(twice, b);
    v128_t diff = wasm_i8x16_sub(wasm_u8x16_max(m, b), wasm_u8x16_min(m, b));
    v128_t big = wasm_u8x16_gt(diff, wasm_u8x16_splat(96));
    v128_t avg = wasm_u8x16_avgr(m, b);
    wasm_v128_store(out + x, wasm_v128_bitselect(avg, sharp, big));
  }
}

// out = 255 * (in / 255)^0.8 approximated as in * (1.2 - 0.2 * in / 255), in f32x4 lanes.
static void gamma_row(uint8_t *row, int width) {
  const v128_t scale = wasm_f32x4_splat(1.0f / 255.0f);
  for (int x = 0; x < width; x += 16) {
    v128_t p = wasm_v128_load(row + x);
    v128_t halves[2] = {wasm_u16x8_extend_low_u8x16(p), wasm_u16x8_extend_high_u8x16(p)};
    v128_t words[4];
    for (int h = 0; h < 2; h++) {
      v128_t quarters[2] = {wasm_u32x4_extend_low_u16x8(halves[h]),
                            wasm_u32x4_extend_high_u16x8(halves[h])};
      for (int q = 0; q < 2; q++) {
        v128_t f = wasm_f32x4_convert_i32x4(quarters[q]);
        v128_t t = wasm_f32x4_mul(f, scale);
        v128_t k = wasm_f32x4_sub(wasm_f32x4_splat(1.2f), wasm_f32x4_mul(t, wasm_f32x4_splat(0.2f)));
        v128_t g = wasm_f32x4_nearest(wasm_f32x4_mul(f, k));
        g = wasm_f32x4_min(wasm_f32x4_max(g, wasm_f32x4_splat(0.0f)), wasm_f32x4_splat(255.0f));
        words[2 * h + q] = wasm_i32x4_trunc_sat_f32x4(g);
      }
    }
    v128_t lo = wasm_u16x8_narrow_i32x4(words[0], words[1]);
    v128_t hi = wasm_u16x8_narrow_i32x4(words[2], words[3]);
    wasm_v128_store(row + x, wasm_u8x16_narrow_i16x8(lo, hi));
  }
}

// A checksum mixing lanes of several shapes, and the number of pixels above a threshold.
static uint64_t checksum(const uint8_t *image, int n, uint32_t *bright) {
  v128_t acc = wasm_i32x4_splat(0x12345678);
  v128_t sums = wasm_i64x2_splat(0);
  uint32_t count = 0;
  const v128_t reverse = wasm_i8x16_const(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  for (int i = 0; i < n; i += 16) {
    v128_t p = wasm_v128_load(image + i);
    v128_t r = wasm_i8x16_swizzle(p, reverse);
    acc = wasm_i32x4_add(wasm_i32x4_mul(acc, wasm_i32x4_splat(16777619)),
                         wasm_v128_xor(r, wasm_i32x4_shl(acc, 3)));
    v128_t words = wasm_u16x8_extadd_pairwise_u8x16(p);
    sums = wasm_i64x2_add(sums, wasm_u64x2_extend_low_u32x4(wasm_u32x4_extadd_pairwise_u16x8(words)));
    sums = wasm_i64x2_add(sums, wasm_u64x2_extend_high_u32x4(wasm_u32x4_extadd_pairwise_u16x8(words)));
    v128_t over = wasm_u8x16_gt(p, wasm_u8x16_splat(200));
    if (wasm_v128_any_true(over)) {
      count += __builtin_popcount(wasm_i8x16_bitmask(over));
    }
  }
  *bright = count;
  uint64_t h = (uint64_t)wasm_i64x2_extract_lane(sums, 0) + (uint64_t)wasm_i64x2_extract_lane(sums, 1);
  v128_t turned = wasm_i32x4_shuffle(acc, acc, 3, 2, 1, 0);
  uint32_t lanes[4] = {wasm_i32x4_extract_lane(turned, 0), wasm_i32x4_extract_lane(turned, 1),
                       wasm_i32x4_extract_lane(turned, 2), wasm_i32x4_extract_lane(turned, 3)};
  for (int lane = 0; lane < 4; lane++) {
    h = h * 1099511628211u ^ lanes[lane];
  }
  return h;
}

int main(int argc, char **argv) {
  int size = argc > 1 ? atoi(argv[1]) : 256;
  int rounds = argc > 2 ? atoi(argv[2]) : 4;
  if (size < 48 || size % 16 != 0 || size > 4096 || rounds < 0) {
    fprintf(stderr, "usage: simd [size: a multiple of 16, 48 to 4096] [rounds]\n");
    return 2;
  }
  uint8_t *image = malloc((size_t)size * size);
  uint8_t *blurred = calloc((size_t)size * size, 1);
  if (image == NULL || blurred == NULL) {
    return 1;
  }
  for (int i = 0; i < size * size; i++) {
    image[i] = (uint8_t)(xorshift() >> 24);
  }
  uint32_t bright;
  printf("input: %016llx\n", (unsigned long long)checksum(image, size * size, &bright));
  for (int round = 0; round < rounds; round++) {
    for (int y = 1; y < size - 1; y++) {
      blur_row(image + (y - 1) * size, image + y * size, image + (y + 1) * size,
               blurred + y * size, size);
    }
    for (int y = 1; y < size - 1; y++) {
      sharpen_row(image + y * size, blurred + y * size, image + y * size, size);
      gamma_row(image + y * size, size);
    }
    uint64_t h = checksum(image, size * size, &bright);
    printf("round %d: %016llx, %u bright pixels\n", round + 1, (unsigned long long)h, bright);
  }
  free(image);
  free(blurred);
  return 0;
}
