import { formatBytes, formatParams } from '../../../../shared/format';
import { FAMILY_NAMES, MODEL_TYPES } from '../../../../shared/model/vit-config';
import { openEngine, parseCommandArgs, printJson, type CliCommand } from '../command';

/** The model families, each with the config.json model_type values it reads. */
function families(): { family: string; name: string; modelTypes: string[] }[] {
  return Object.entries(FAMILY_NAMES).map(([family, name]) => ({
    family,
    name,
    modelTypes: Object.keys(MODEL_TYPES).filter((t) => MODEL_TYPES[t] === family),
  }));
}

export const infoCommand: CliCommand = {
  name: 'info',
  usage: 'info [--json]',
  summary: 'Show the workspace, its datasets, the compute engines and the models it offers.',
  async run(argv) {
    const { values } = parseCommandArgs(argv, {});
    const engine = openEngine(values.workspace);
    try {
      const info = await engine.invoke('workspace.info', {});
      const models = await engine.invoke('model.known', {});
      if (values.json) printJson({ ...info, families: families(), models });
      else {
        const c = info.compute;
        const width = Math.max(...models.map((m) => m.id.length));
        const modelLines = models.map(
          (m) =>
            `  ${m.id.padEnd(width)}  ${FAMILY_NAMES[m.family].padEnd(13)} ${formatParams(m.params).padStart(6)}  ` +
            `${m.cached ? 'cached' : `${formatBytes(m.downloadBytes)} download`}`,
        );
        process.stdout.write(
          `Workspace: ${info.path}\nDatasets:  ${info.datasets}\nRuns:      ${info.runs}\n` +
            `Backbone:  ${c.ortProvider ? `ONNX Runtime, ${c.ortProvider}` : `TF.js, ${c.tfjsDevice}`}\n` +
            `Head:      ${c.headTrainer}\n` +
            `TF.js:     ${c.tfjsBackend} — ${c.tfjsDevice}\n` +
            `Families:  ${families().map((f) => `${f.name} (${f.modelTypes.join(', ')})`).join('; ')}; 1 or 3 channels\n` +
            `Models (--model; any hub id or folder of these families works too):\n${modelLines.join('\n')}\n`,
        );
      }
      return 0;
    } finally {
      engine.close();
    }
  },
};
