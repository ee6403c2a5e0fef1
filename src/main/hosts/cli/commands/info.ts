import { openEngine, parseCommandArgs, printJson, type CliCommand } from '../command';

export const infoCommand: CliCommand = {
  name: 'info',
  usage: 'info [--json]',
  summary: 'Show the workspace, its datasets and the compute engines.',
  async run(argv) {
    const { values } = parseCommandArgs(argv, {});
    const engine = openEngine(values.workspace);
    try {
      const info = await engine.invoke('workspace.info', {});
      if (values.json) printJson(info);
      else {
        const c = info.compute;
        process.stdout.write(
          `Workspace: ${info.path}\nDatasets:  ${info.datasets}\nRuns:      ${info.runs}\n` +
            `Backbone:  ${c.ortProvider ? `ONNX Runtime, ${c.ortProvider}` : `TF.js, ${c.tfjsDevice}`}\n` +
            `Head:      ${c.headTrainer}\n` +
            `TF.js:     ${c.tfjsBackend} — ${c.tfjsDevice}\n`,
        );
      }
      return 0;
    } finally {
      engine.close();
    }
  },
};
