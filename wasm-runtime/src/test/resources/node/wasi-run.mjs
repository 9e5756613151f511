// Runs a WASI command under Node's WASI for the differential test:
//   node wasi-run.mjs FILE.wasm ARGV0 [ARG...]   (stdin, stdout and stderr are the process's)
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [file, argv0, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [argv0, ...args], env: {}, returnOnExit: true });
const { instance } = await WebAssembly.instantiate(readFileSync(file), wasi.getImportObject());
process.exitCode = wasi.start(instance);
