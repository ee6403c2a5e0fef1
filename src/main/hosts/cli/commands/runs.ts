import type { RunsComparison } from '../../../../shared/api/runs';
import { openEngine, parseCommandArgs, parseId, pickDataset, printJson, type CliCommand } from '../command';

const percent = (x: number | undefined | null) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

function printComparison(c: RunsComparison): void {
  const out = [`Completed runs scored on today's labels, on the same ${c.count} test images` +
    (c.leftOut.notPredicted || c.leftOut.trainedOn
      ? ` (left out: ${c.leftOut.notPredicted} added after a run, ${c.leftOut.trainedOn} a run trained on)`
      : '') + ':'];
  out.push('   run  recorded  today   test labels changed since');
  for (const r of c.runs) {
    out.push(`${String(r.runId).padStart(6)}  ${percent(r.recorded?.accuracy).padStart(8)}  ${percent(r.current?.accuracy).padStart(6)}   ${r.testLabelsChanged}${r.testSetChanged ? ` (+${r.testSetChanged} images moved in/out of test)` : ''}`);
  }
  process.stdout.write(out.join('\n') + '\n');
}

export const runsCommand: CliCommand = {
  name: 'runs',
  usage: 'runs [--dataset ID] [--compare] [--json]',
  summary:
    'List training runs with their status and test metrics. --compare scores every completed run of the dataset like for like: on today\'s test split with today\'s labels.',
  async run(argv) {
    const { values } = parseCommandArgs(argv, { dataset: { type: 'string' }, compare: { type: 'boolean', default: false } });
    const engine = openEngine(values.workspace);
    try {
      if (values.compare) {
        const comparison = await engine.invoke('runs.compare', { datasetId: await pickDataset(engine, values.dataset) });
        if (values.json) printJson(comparison);
        else printComparison(comparison);
        return 0;
      }
      const runs = await engine.invoke('runs.list', values.dataset !== undefined ? { datasetId: parseId(values.dataset, '--dataset') } : {});
      if (values.json) printJson(runs);
      else if (!runs.length) process.stdout.write('No runs.\n');
      else {
        for (const r of runs) {
          const acc = r.testAccuracy === null ? '—' : `${(r.testAccuracy * 100).toFixed(1)}%`;
          process.stdout.write(`${String(r.id).padStart(4)}  ${r.status.padEnd(11)} dataset ${r.datasetId}  acc ${acc.padStart(6)}  ${r.model}  ${r.createdAt}\n`);
        }
      }
      return 0;
    } finally {
      engine.close();
    }
  },
};
