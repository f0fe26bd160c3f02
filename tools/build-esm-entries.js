#!/usr/bin/env node
// Writes the ESM entry (dist/<name>.mjs) of every package export that names one: a thin module over the compiled
// CommonJS file, re-exporting its names, so `import { x } from '<package>'` and `require('<package>')` share one
// copy of the code and its state (one tfjs backend, one registry). Run after `tsc -b` (npm run build does).
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const { workspaces } = require(path.join(root, 'package.json'));

function packageDirs() {
  const dirs = [];
  for (const pattern of workspaces) {
    const base = path.join(root, pattern.replace(/\/\*$/, ''));
    for (const entry of fs.readdirSync(base)) {
      if (fs.existsSync(path.join(base, entry, 'package.json'))) dirs.push(path.join(base, entry));
    }
  }
  return dirs;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function esmEntry(cjsFile) {
  const names = Object.keys(require(cjsFile)).filter((name) => IDENTIFIER.test(name) && name !== 'default' && name !== '__esModule').sort();
  const lines = [`import cjs from './${path.basename(cjsFile)}';`];
  if (names.length > 0) lines.push(`export const { ${names.join(', ')} } = cjs;`);
  lines.push('export default cjs;', '');
  return lines.join('\n');
}

let written = 0;
for (const dir of packageDirs()) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  for (const target of Object.values(manifest.exports ?? {})) {
    if (typeof target !== 'object' || !target.import || !target.require) continue;
    const cjsFile = path.join(dir, target.require);
    if (!fs.existsSync(cjsFile)) throw new Error(`${cjsFile}: not built (run tsc -b tsconfig.build.json first)`);
    fs.writeFileSync(path.join(dir, target.import), esmEntry(cjsFile));
    written++;
  }
}
process.stdout.write(`ESM entries: ${written} written\n`);
