// Folder = runtime. Fails when an import crosses a boundary:
// - src/shared imports nothing of Node, Electron or the DOM-only world (pure TypeScript + zod);
// - src/renderer imports nothing from src/main and no Node built-in;
// - the engine (src/main outside hosts/electron) never imports electron;
// - src/preload imports only electron and src/shared.
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const problems = [];

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (/\.(ts|tsx)$/.test(e.name)) yield p;
  }
}

const importRe = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

for (const file of walk(path.join(root, 'src'))) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const resolved = spec.startsWith('.') ? path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep).join('/') : null;
    const bad = (why) => problems.push(`${rel}: imports "${spec}" — ${why}`);
    if (rel.startsWith('src/shared/')) {
      if (nodeBuiltins.has(spec) || spec === 'electron' || spec.startsWith('react')) bad('src/shared must stay runtime-free');
      if (resolved && !resolved.startsWith('src/shared')) bad('src/shared may import only src/shared');
      if (!resolved && !['zod'].includes(spec)) bad('src/shared may use only zod from npm');
    } else if (rel.startsWith('src/renderer/')) {
      if (nodeBuiltins.has(spec) || spec === 'electron') bad('the renderer has no Node or Electron');
      if (resolved && (resolved.startsWith('src/main') || resolved.startsWith('src/preload'))) bad('the renderer reaches main only through the API');
    } else if (rel.startsWith('src/preload/')) {
      if (!resolved && spec !== 'electron' && spec !== 'zod') bad('the preload may import only electron');
      if (resolved && !resolved.startsWith('src/shared') && !resolved.startsWith('src/preload')) bad('the preload may import only src/shared');
    } else if (rel.startsWith('src/main/') && !rel.startsWith('src/main/hosts/electron/')) {
      if (spec === 'electron') bad('the engine is plain Node: Electron only in src/main/hosts/electron');
    }
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('boundaries: ok');
