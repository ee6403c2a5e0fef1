import fs from 'node:fs';
import path from 'node:path';
import { benchSections, type BenchSection } from './sections';

/**
 * `npm run bench`: runs every section (or those named on the command line) and writes one JSON
 * file to bench-results/ with each figure next to its target.
 */
async function main() {
  const wanted = process.argv.slice(2);
  const chosen: BenchSection[] = wanted.length
    ? benchSections.filter((s) => wanted.includes(s.name))
    : benchSections;
  const results: Record<string, unknown> = {};
  for (const section of chosen) {
    process.stderr.write(`bench: ${section.name}…\n`);
    const t0 = performance.now();
    try {
      results[section.name] = await section.run();
    } catch (e) {
      results[section.name] = { error: e instanceof Error ? e.message : String(e) };
    }
    process.stderr.write(`bench: ${section.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    results,
  };
  const dir = path.resolve('bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(report, null, 2));
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  process.stderr.write(`bench: wrote ${file}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e}\n`);
  process.exitCode = 1;
});
