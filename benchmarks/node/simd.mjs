// Runs the SIMD kernels of programs/wasm/simd-bench.wasm under Node's V8 (the near-native
// reference for SimdBenchmark) and prints, per kernel, its result and the median time of a call
// after warm-up:
//   node benchmarks/node/simd.mjs [iterations]
import { readFileSync } from 'node:fs';
import { medianCall } from './median.mjs';
const KERNELS = [['simd_dot', 50], ['simd_blur', 10], ['simd_hash', 50]];
const iterations = Number(process.argv[2] ?? 50);
const { instance } = await WebAssembly.instantiate(
  readFileSync(new URL('../../programs/wasm/simd-bench.wasm', import.meta.url)), {});
console.log('kernel\targ\tresult\tmedian_us');
for (const [name, arg] of KERNELS) {
  const { result, micros } = medianCall(instance.exports[name], arg, 20, iterations);
  console.log(`${name}\t${arg}\t${result}\t${micros.toFixed(1)}`);
}
