import path from 'node:path';
import { CliUsageError, openEngine, parseCommandArgs, printJson, type CliCommand } from '../command';

export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'export <run> <folder> [--json]',
  summary: 'Write a run as a Hugging Face ViTForImageClassification folder.',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {}, true);
    if (positionals.length !== 2) throw new CliUsageError('expected a run id and a folder');
    const runId = Number(positionals[0]);
    if (!Number.isInteger(runId) || runId <= 0) throw new CliUsageError(`run must be a positive integer (got "${positionals[0]}")`);
    const engine = openEngine(values.workspace);
    try {
      const out = await engine.invoke('runs.export', { runId, folder: path.resolve(positionals[1]!) });
      if (values.json) printJson(out);
      else process.stdout.write(`Exported run ${runId} to ${out.folder}\n`);
      return 0;
    } finally {
      engine.close();
    }
  },
};
