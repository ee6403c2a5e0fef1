import { openEngine, parseCommandArgs, parseId, printJson, type CliCommand } from '../command';

export const runsCommand: CliCommand = {
  name: 'runs',
  usage: 'runs [--dataset ID] [--json]',
  summary: 'List training runs with their status and test metrics.',
  async run(argv) {
    const { values } = parseCommandArgs(argv, { dataset: { type: 'string' } });
    const engine = openEngine(values.workspace);
    try {
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
