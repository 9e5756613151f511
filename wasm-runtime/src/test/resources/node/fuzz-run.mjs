// Runs modules for the differential fuzzer (io.timeslice.wasm.fuzz.NodeOracle) in V8.
// Reads one request per line: base64(wasm), then per call ";name|type:hex,...|type,..." (names
// URI-encoded). Answers with lines per call and "end" per module:
//   call NAME / log TYPE HEX / ok TYPE:HEX ... / trap MESSAGE / stack / error MESSAGE / mem HASH
import readline from 'node:readline';

const view = new DataView(new ArrayBuffer(8));
const HASHED_PAGES = 4;

function toWasm(type, hex) {
  const bits = BigInt('0x' + hex);
  switch (type) {
    case 'i32': return Number(BigInt.asIntN(32, bits));
    case 'i64': return BigInt.asIntN(64, bits);
    case 'f32': view.setUint32(0, Number(bits)); return view.getFloat32(0);
    case 'f64': view.setBigUint64(0, bits); return view.getFloat64(0);
    default: return null;
  }
}

function bits(type, value) {
  switch (type) {
    case 'i32': return (value >>> 0).toString(16);
    case 'i64': return BigInt.asUintN(64, value).toString(16);
    case 'f32': view.setFloat32(0, value); return view.getUint32(0).toString(16);
    case 'f64': view.setFloat64(0, value); return view.getBigUint64(0).toString(16);
    default: return value === null ? '0' : '1';
  }
}

function hash(memory) {
  if (!memory || memory.buffer.byteLength > HASHED_PAGES * 65536) return 0;
  const bytes = new Uint8Array(memory.buffer);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

function failure(e) {
  if (e instanceof WebAssembly.RuntimeError) return 'trap ' + e.message;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'stack';
  return 'error ' + String(e).replace(/\n/g, ' ');
}

function run(line) {
  const [wasm, ...calls] = line.split(';');
  const out = [];
  const log = [];
  const logger = (type) => (v) => { log.push(`log ${type} ${bits(type, v)}`); };
  const imports = { 'fuzzing-support': {
    'log-i32': logger('i32'), 'log-i64': logger('i64'), 'log-f32': logger('f32'), 'log-f64': logger('f64') } };
  let instance;
  try {
    const module = new WebAssembly.Module(Buffer.from(wasm, 'base64'));
    instance = new WebAssembly.Instance(module, imports);
  } catch (e) {
    const rejected = e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError;
    out.push('call <instantiate>', rejected ? 'rejected ' + e.message : failure(e), 'mem 0', 'end');
    return out.join('\n') + '\n';
  }
  const memory = instance.exports.memory instanceof WebAssembly.Memory ? instance.exports.memory : null;
  for (const call of calls) {
    const [name, args, results] = call.split('|');
    const export_ = decodeURIComponent(name);
    const argv = args === '' ? [] : args.split(',').map((a) => { const [t, h] = a.split(':'); return toWasm(t, h); });
    const types = results === '' ? [] : results.split(',');
    log.length = 0;
    out.push('call ' + export_);
    let status;
    let stop = false;
    try {
      const r = instance.exports[export_](...argv);
      const values = types.length === 1 ? [r] : types.length === 0 ? [] : r;
      status = ['ok', ...types.map((t, i) => `${t}:${bits(t, values[i])}`)].join(' ');
    } catch (e) {
      status = failure(e);
      stop = status === 'stack' || status.startsWith('error');
    }
    out.push(...log, status, 'mem ' + hash(memory));
    if (stop) break;
  }
  out.push('end');
  return out.join('\n') + '\n';
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => { process.stdout.write(run(line)); });
