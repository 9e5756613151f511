// V8's side of benchmarks/npm-compile.sh: how long `new WebAssembly.Module(bytes)` and
// `WebAssembly.validate(bytes)` take on one module, cold (the first call) and warm (the median of
// the later rounds; V8 caches a module's compiled code by its bytes, so a warm Module is a cache
// hit and the cold time is the one to compare), and the process's peak RSS, as one TSV line:
//   node benchmarks/node/compile.mjs FILE [rounds]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const [file, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 5);
const bytes = readFileSync(file);

function time(f) {
  const ms = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    f();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const warm = ms.slice(Math.min(1, rounds - 1)).sort((a, b) => a - b);
  return [ms[0], warm[warm.length >> 1]];
}

let outcome = 'ok';
let module;
const [cold, warm] = time(() => {
  try {
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    outcome = `${e.name}: ${e.message}`;
  }
});
const [, validateWarm] = time(() => WebAssembly.validate(bytes));
const rssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(
  [basename(file), 'V8', bytes.length, cold.toFixed(1), warm.toFixed(1), validateWarm.toFixed(1),
    rssMiB, outcome].join('\t'));
