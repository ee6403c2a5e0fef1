// `npm test` must pass on a clone placed anywhere: no test, bench or script may name a path that
// exists only on one machine (an absolute home or work folder) or reach out of the repository
// (the sibling `../shared` folder the reference fixtures once lived in). Fixtures live in test/fixtures.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(__dirname, '../..');
const SCANNED = ['test', 'bench', 'scripts'];
const SOURCE = /\.(ts|tsx|js|mjs|cjs|json|py|sh)$/;

/** Absolute machine folders inside a string literal ('/work/…', '/home/…', 'C:\\Users\\…'); data strings
 * such as a dataset root '/data/old' stored in a test database are not paths a test reads. */
const ABSOLUTE = /['"`](?:\/(?:work|home|Users|root)\/|[A-Za-z]:(?:\\\\|\/)+(?:Users|work|home)\b)/;
/** Relative literals that climb out of their folder ('../shared', '../../shared/fixtures'). */
const CLIMB = /['"`]((?:\.\.\/)+[^'"`\s]*)['"`]/g;
/** path.join(__dirname, '..', '..', 'shared') and the like. */
const JOINED_CLIMB = /((?:['"]\.\.['"]\s*,\s*)+)['"]([^'"]+)['"]/g;

/** Every way `text` (the source of `file`) names a path outside the repository; empty when portable. */
function machinePaths(file: string, text: string): string[] {
  const found: string[] = [];
  const dir = path.dirname(file);
  const outside = (rel: string) => path.relative(REPO, path.resolve(dir, rel)).startsWith('..');
  text.split('\n').forEach((line, i) => {
    const where = `${path.relative(REPO, file)}:${i + 1}`;
    if (ABSOLUTE.test(line)) found.push(`${where}: absolute path: ${line.trim()}`);
    for (const m of line.matchAll(CLIMB)) {
      if (outside(m[1]!)) found.push(`${where}: leaves the repository: ${m[1]}`);
    }
    for (const m of line.matchAll(JOINED_CLIMB)) {
      const ups = (m[1]!.match(/\.\./g) ?? []).length;
      if (outside(path.join(...Array<string>(ups).fill('..'), m[2]!))) found.push(`${where}: leaves the repository: ${m[0]}`);
    }
  });
  return found;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && full !== path.join(REPO, 'test', 'fixtures')) yield* sourceFiles(full);
    } else if (SOURCE.test(entry.name)) yield full;
  }
}

describe('tests, benches and scripts run on a clone placed anywhere', () => {
  it('the detector catches what the parity tests once did, and leaves in-repo paths alone', () => {
    const test = path.join(REPO, 'test/main/model/vit-parity.test.ts');
    expect(machinePaths(test, "const REF = '/work/shared/fixtures/vit-ref';")).toHaveLength(1);
    expect(machinePaths(test, "const REF = '/home/me/vit-ref';")).toHaveLength(1);
    expect(machinePaths(test, "const REF = 'C:\\\\Users\\\\me\\\\vit-ref';")).toHaveLength(1);
    expect(machinePaths(test, "const REF = path.resolve(__dirname, '../../../../shared/fixtures');")).toHaveLength(1);
    expect(machinePaths(test, "const REF = path.join(__dirname, '..', '..', '..', '..', 'shared');")).toHaveLength(1);
    expect(machinePaths(test, "const REF = path.resolve(__dirname, '../../fixtures/vit-ref');")).toEqual([]);
    expect(machinePaths(test, "import { x } from '../../../src/shared/model';")).toEqual([]);
    expect(machinePaths(test, "db.run('/tmp/d'); const u = 'file:///tmp/evil.html';")).toEqual([]);
    expect(machinePaths(test, "const driveRoot = 'E:\\\\';")).toEqual([]);
  });

  it('no file under test/, bench/ or scripts/ names an absolute machine path or leaves the repository', () => {
    const offenders: string[] = [];
    for (const top of SCANNED) {
      for (const file of sourceFiles(path.join(REPO, top))) {
        if (file === __filename) continue; // its samples are the offenders it must catch
        offenders.push(...machinePaths(file, fs.readFileSync(file, 'utf8')));
      }
    }
    const pkg = path.join(REPO, 'package.json');
    offenders.push(...machinePaths(pkg, fs.readFileSync(pkg, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the reference fixtures the tests read are in the repository', () => {
    for (const name of ['vit-ref', 'dinov2-ref', 'clip-ref', 'siglip-ref', 'vit-gray-ref']) {
      expect(fs.existsSync(path.join(REPO, 'test/fixtures', name, 'config.json')), name).toBe(true);
    }
  });
});
