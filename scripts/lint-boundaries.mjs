// Folder = runtime. Fails when an import crosses a boundary:
// - src/shared imports nothing of Node, Electron or the DOM-only world (pure TypeScript + zod);
// - src/renderer imports nothing from src/main and no Node built-in;
// - the engine (src/main outside hosts/electron) never imports electron;
// - src/preload imports only electron and src/shared;
// - every top-level folder of src/main has one runtime (RUNTIME below): the engine process, a
//   worker process, or a library both use. The engine side imports worker code only as
//   `import type` of the task registry (tasks/registry.ts), to type a worker connection; worker
//   code never imports the engine side (runs/ included); libraries import neither;
// - src/main/workers is the generic worker plumbing: it imports no task (nothing of src/main
//   outside workers/ but app-root.ts);
// - no import cycle between the top-level folders (and files) of src/main;
// - no file in src/ is over 300 lines;
// - a file of src/main/engine that makes handlers (export function xxxHandlers) is named *-handlers.ts.
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
/** The runtime of each top-level part of src/main; a new folder gets its line here. */
const RUNTIME = {
  engine: 'engine', runs: 'engine', hosts: 'engine',
  train: 'worker', analysis: 'worker', tasks: 'worker',
  workers: 'library', model: 'library', onnx: 'library', inference: 'library', native: 'library', image: 'library', 'app-root.ts': 'library',
};
const REGISTRY = 'src/main/tasks/registry';
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const MAX_LINES = 300;
const problems = [];

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (/\.(ts|tsx)$/.test(e.name)) yield p;
  }
}

const importRe = /(import|export)(\s+type)?\s[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The top-level part of src/main a path belongs to: 'engine', 'runs', … or a file such as 'app-root.ts'. */
const mainPart = (rel) => (rel.startsWith('src/main/') ? rel.slice('src/main/'.length).split('/')[0] : null);
const stripExt = (p) => p.replace(/\.(ts|tsx)$/, '');

/** part → Map(part → first "file imports spec" seen), for the cycle check. */
const edges = new Map();

for (const file of walk(path.join(root, 'src'))) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (rel.startsWith('src/main/engine/') && /export function \w+Handlers\(/.test(text) && !rel.endsWith('-handlers.ts')) {
    problems.push(`${rel}: makes handlers — name it <domain>-handlers.ts, as every handler file is`);
  }
  if (lines > MAX_LINES) problems.push(`${rel}: ${lines} lines — files in src/ stay under ${MAX_LINES} lines (split it where it reads best)`);
  for (const m of text.matchAll(importRe)) {
    const spec = m[3] ?? m[4] ?? m[5];
    const typeOnly = Boolean(m[2]);
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
    const from = mainPart(rel);
    const to = resolved ? mainPart(resolved.endsWith('.ts') || resolved.endsWith('.tsx') ? resolved : `${resolved}.ts`) : null;
    if (!from || !to || !resolved) continue;
    const [rf, rt] = [RUNTIME[from], RUNTIME[to]];
    if (!rf) bad(`src/main/${from} has no runtime: give it one in RUNTIME (scripts/lint-boundaries.mjs)`);
    if (rf === 'engine' && rt === 'worker' && !(typeOnly && stripExt(resolved) === REGISTRY)) {
      bad(`src/main/${to} is worker-process code: the engine side imports only \`import type\` of tasks/registry`);
    }
    if (rf === 'worker' && rt === 'engine') bad(`src/main/${to} is engine-process code: worker code never imports it`);
    if (rf === 'library' && rt && rt !== 'library') bad(`src/main/${from} is a library both processes use: it imports no ${rt}-process code (src/main/${to})`);
    if (from === 'workers' && to !== 'workers' && to !== 'app-root.ts') bad('src/main/workers is generic plumbing: it imports no task and nothing of src/main but app-root.ts');
    if (from !== to) {
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from).has(to)) edges.get(from).set(to, `${rel} imports "${spec}"`);
    }
  }
}

// Cycles between top-level parts of src/main: strongly connected components (Tarjan) of the part graph.
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
let counter = 0;
const components = [];
function connect(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!index.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const c = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      c.push(w);
    } while (w !== v);
    if (c.length > 1) components.push(c.sort());
  }
}
for (const v of edges.keys()) if (!index.has(v)) connect(v);
for (const c of components) {
  const ties = c.flatMap((a) => c.filter((b) => edges.get(a)?.has(b)).map((b) => `  ${a} → ${b}: ${edges.get(a).get(b)}`));
  problems.push(`import cycle between src/main/{${c.join(', ')}}:\n${ties.join('\n')}`);
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('boundaries: ok');
