import path from 'node:path';
import { CliUsageError, openEngine, parseCommandArgs, printJson, type CliCommand } from '../command';

export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'export <run> <folder> [--format hf|onnx] [--force] [--json]',
  summary: 'Write a run as a Hugging Face folder (AutoModelForImageClassification loads it: ViT, DINOv2, CLIP or SigLIP), or as one ONNX model (--format onnx).',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { format: { type: 'string', default: 'hf' }, force: { type: 'boolean', default: false } },
      true,
    );
    if (values.format !== 'hf' && values.format !== 'onnx') throw new CliUsageError(`--format must be hf or onnx (got "${values.format}")`);
    if (positionals.length !== 2) throw new CliUsageError('expected a run id and a folder');
    const runId = Number(positionals[0]);
    if (!Number.isInteger(runId) || runId <= 0) throw new CliUsageError(`run must be a positive integer (got "${positionals[0]}")`);
    const engine = openEngine(values.workspace);
    try {
      const out = await engine
        .invoke('runs.export', { runId, folder: path.resolve(positionals[1]!), format: values.format, overwrite: values.force })
        .catch((e: Error & { code?: string }) => {
          // A folder that cannot take the export is a bad argument: one line, exit 2.
          if (e.code === 'conflict' || e.code === 'invalid_argument') throw new CliUsageError(e.message);
          throw e;
        });
      if (values.json) printJson(out);
      else process.stdout.write(`Exported run ${runId} to ${out.folder}: ${out.files.map((f) => path.basename(f)).join(', ')}\n`);
      return 0;
    } finally {
      engine.close();
    }
  },
};
