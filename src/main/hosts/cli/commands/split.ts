import { CliUsageError, openEngine, parseCommandArgs, pickDataset, printJson, type CliCommand } from '../command';

function parseRatios(text: string): [number, number, number] {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n) || n < 0 || n > 1)) {
    throw new CliUsageError(`--ratios must be three numbers between 0 and 1, like 0.8,0.1,0.1 (got "${text}")`);
  }
  if (Math.abs(parts[0]! + parts[1]! + parts[2]! - 1) > 1e-6) throw new CliUsageError(`--ratios must sum to 1 (got "${text}")`);
  return parts as [number, number, number];
}

export const splitCommand: CliCommand = {
  name: 'split',
  usage: 'split [--dataset ID] [--ratios 0.8,0.1,0.1] [--seed N] [--all] [--json]',
  summary: 'Assign train/val/test splits, stratified by label (new images only unless --all).',
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      dataset: { type: 'string' },
      ratios: { type: 'string', default: '0.8,0.1,0.1' },
      seed: { type: 'string', default: '42' },
      all: { type: 'boolean', default: false },
    });
    const ratios = parseRatios(values.ratios);
    if (!/^[0-9]{1,10}$/.test(values.seed) || Number(values.seed) > 2 ** 31 - 1) {
      throw new CliUsageError(`--seed must be an integer from 0 to ${2 ** 31 - 1} (got "${values.seed}")`);
    }
    const engine = openEngine(values.workspace);
    try {
      const datasetId = await pickDataset(engine, values.dataset);
      const result = await engine.invoke('splits.apply', {
        datasetId,
        ratios,
        seed: Number(values.seed),
        mode: values.all ? 'all' : 'unassigned',
      });
      const summary = await engine.invoke('splits.summary', { datasetId });
      if (values.json) printJson({ dataset: datasetId, ...result, labels: summary });
      else {
        const rows = summary.map((r) => `  ${r.name.padEnd(24)} ${String(r.train).padStart(6)} ${String(r.val).padStart(6)} ${String(r.test).padStart(6)}`);
        process.stdout.write(
          [
            `Dataset ${datasetId}: ${result.assigned} images (re)assigned; train ${result.train}, val ${result.val}, test ${result.test}`,
            `  ${'label'.padEnd(24)} ${'train'.padStart(6)} ${'val'.padStart(6)} ${'test'.padStart(6)}`,
            ...rows,
          ].join('\n') + '\n',
        );
      }
      return 0;
    } finally {
      engine.close();
    }
  },
};
