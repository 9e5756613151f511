// Assembles every module of the given .wast scripts with binaryen, an encoder independent of
// Timeslice's text parser, and writes one JSON file per script into the output folder:
// {"script": "...", "modules": [{"line": 12, "wasm": "<base64>"} | {"line": 40, "refused": "..."}]}.
// A module is one written as text (not `binary` or `quote`), keyed by the line of its `module`
// keyword, as the spec harness numbers commands. The features binaryen may use are WebAssembly 2.0's,
// tail calls, extended constants, multi-memory and FEATURES (+-separated names of binaryen.Features).
// Usage: node assemble.mjs BINARYEN_JS FEATURES OUT FILE...
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [binaryenJs, extra, out, ...files] = process.argv.slice(2);
const binaryen = (await import(pathToFileURL(binaryenJs).href)).default;
const F = binaryen.Features;
let features = F.MVP | F.MutableGlobals | F.NontrappingFPToInt | F.SIMD128 | F.BulkMemory | F.SignExt |
  F.ReferenceTypes | F.Multivalue | F.TailCall | F.ExtendedConst | F.MultiMemory;
for (const name of extra.split('+').filter(n => n)) features |= F[name];
mkdirSync(out, { recursive: true });

/** Every `(module ...)` list of a script, at any depth, as [line of `module`, source]. */
function modules(text) {
  const found = [];
  const open = []; // start offsets of the lists being read
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n') line++;
      }
    } else if (c === ';' && text[i + 1] === ';') {
      while (i < text.length && text[i] !== '\n') i++;
      line++;
    } else if (c === '(' && text[i + 1] === ';') {
      let depth = 1;
      for (i += 2; i < text.length && depth > 0; i++) {
        if (text[i] === '\n') line++;
        else if (text[i] === '(' && text[i + 1] === ';') { depth++; i++; }
        else if (text[i] === ';' && text[i + 1] === ')') { depth--; i++; }
      }
      i--;
    } else if (c === '(') {
      open.push({ start: i, line });
    } else if (c === ')') {
      const list = open.pop();
      const src = text.slice(list.start, i + 1);
      const head = /^\(\s*module\b(?:\s+\$[^\s()]+)?\s*([^\s()]*)/.exec(src);
      if (head && head[1] !== 'binary' && head[1] !== 'quote' && head[1] !== 'definition' && head[1] !== 'instance') {
        found.push([list.line, src]);
      }
    }
  }
  return found;
}

for (const file of files) {
  const name = basename(file).replace(/\.wast$/, '');
  const result = { script: name, modules: [] };
  for (const [line, src] of modules(readFileSync(file, 'utf8'))) {
    try {
      const m = binaryen.parseText(src);
      m.setFeatures(features);
      if (m.validate()) {
        result.modules.push({ line, wasm: Buffer.from(m.emitBinary()).toString('base64') });
      } else {
        result.modules.push({ line, refused: 'binaryen: invalid' });
      }
      m.dispose();
    } catch (e) {
      result.modules.push({ line, refused: 'binaryen: ' + (e && e.message ? e.message : 'does not parse') });
    }
  }
  writeFileSync(join(out, name + '.json'), JSON.stringify(result));
}
