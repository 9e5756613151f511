// The median time of a Wasm export's call under V8, after warm-up calls, shared by the reference
// scripts: returns the last call's result and the median in microseconds.
export function medianCall(f, arg, warmup, iterations) {
  let result;
  for (let i = 0; i < warmup; i++) result = f(arg);
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    result = f(arg);
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return { result, micros: times[times.length >> 1] };
}
