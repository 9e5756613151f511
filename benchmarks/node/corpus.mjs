// Runs the benchmark corpus (programs/wasm/corpus/corpus.tsv) under Node's V8, the near-native
// reference, and prints per program its argument, checksum and the median time of a call after
// warm-up, as TSV. Checks the checksums at the benchmark and test arguments against the manifest
// and exits 1 on a mismatch; with --write, records V8's checksums in the manifest instead.
//   node benchmarks/node/corpus.mjs [iterations] [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../programs/wasm/corpus/', import.meta.url));
const manifest = dir + 'corpus.tsv';
const args = process.argv.slice(2);
const write = args.includes('--write');
const iterations = Number(args.find((a) => a !== '--write') ?? 20);

const lines = readFileSync(manifest, 'utf8').split('\n');
const header = lines.findIndex((l) => l.startsWith('name\t'));
const columns = lines[header].split('\t');
const col = (name) => columns.indexOf(name);

let mismatches = 0;
console.log('name\targ\tchecksum\tmedian_us');
for (let i = header + 1; i < lines.length; i++) {
  if (lines[i] === '') continue;
  const row = lines[i].split('\t');
  const { instance } = await WebAssembly.instantiate(readFileSync(dir + row[col('file')]), {});
  const run = instance.exports[row[col('export')]];
  const testArg = Number(row[col('test_arg')]);
  const benchArg = Number(row[col('bench_arg')]);
  const testChecksum = String(run(testArg));
  let checksum;
  for (let w = 0; w < 5; w++) checksum = String(run(benchArg));
  const times = [];
  for (let k = 0; k < iterations; k++) {
    const t0 = process.hrtime.bigint();
    const result = String(run(benchArg));
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
    if (result !== checksum) throw new Error(`${row[0]}: checksum changed between calls`);
  }
  times.sort((a, b) => a - b);
  console.log(`${row[0]}\t${benchArg}\t${checksum}\t${times[times.length >> 1].toFixed(1)}`);
  if (write) {
    row[col('bench_checksum')] = checksum;
    row[col('test_checksum')] = testChecksum;
    lines[i] = row.join('\t');
  } else {
    for (const [what, got, want] of [
      ['bench', checksum, row[col('bench_checksum')]],
      ['test', testChecksum, row[col('test_checksum')]],
    ]) {
      if (got !== want) {
        console.error(`${row[0]}: ${what} checksum ${got}, manifest says ${want}`);
        mismatches++;
      }
    }
  }
}
if (write) writeFileSync(manifest, lines.join('\n'));
process.exit(mismatches === 0 ? 0 : 1);
