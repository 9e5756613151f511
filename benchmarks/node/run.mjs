// Runs the benchmark workloads under Node's V8 (the near-native reference) and prints, per
// workload, the checksum and the median time of a call after warm-up, as TSV:
//   node benchmarks/node/run.mjs programs/wasm/bench.wasm [iterations]
import { readFileSync } from 'node:fs';
import { medianCall } from './median.mjs';

export const WORKLOADS = [
  ['fib_rec', 27], ['fib_iter', 2000], ['sieve', 200000], ['matmul_f32', 64], ['matmul_f64', 64],
  ['sha256', 16], ['sort', 5000], ['interp', 100000],
];

const [file, iterationsArg] = process.argv.slice(2);
const iterations = Number(iterationsArg ?? 20);
const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
console.log('workload\targ\tresult\tmedian_us');
for (const [name, arg] of WORKLOADS) {
  const { result, micros } = medianCall(instance.exports[name], arg, 5, iterations);
  console.log(`${name}\t${arg}\t${result}\t${micros.toFixed(1)}`);
}
