// Runs a WASI sample under Node.js (>= 20), as a cross-check of Backstep.
//
//   node --no-warnings tools/run-node.mjs FILE.wasm [args...]
//
// argv[0] is the file's base name; the current directory is preopened as
// ".".  Exit status: the program's, or 134 after a trap (message on stderr).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tools/run-node.mjs FILE.wasm [args...]');
  process.exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args: [basename(file), ...args],
  env: {},
  preopens: { '.': process.cwd() },
  returnOnExit: true,
});
const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
try {
  process.exitCode = wasi.start(instance);
} catch (e) {
  console.error(`trap: ${e.message}`);
  process.exitCode = 134;
}
