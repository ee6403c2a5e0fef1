import { formatBytes, formatParams } from '../../../../shared/format';
import { FAMILY_NAMES, featureSize, MODEL_TYPES } from '../../../../shared/model/vit-config';
import { loadModelConfigSync } from '../../../model/checkpoint';
import { CliUsageError, openEngine, parseCommandArgs, printJson, type CliCommand } from '../command';
import type { Engine } from '../../../engine/engine';

/** The model families, each with the config.json model_type values it reads. */
function families(): { family: string; name: string; modelTypes: string[] }[] {
  return Object.entries(FAMILY_NAMES).map(([family, name]) => ({
    family,
    name,
    modelTypes: Object.keys(MODEL_TYPES).filter((t) => MODEL_TYPES[t] === family),
  }));
}

/** `info --model X`: what X is (a model folder, a hub id, run:N) or, exit 2, the one line saying why it is not usable. */
async function modelInfo(engine: Engine, model: string, json: boolean): Promise<number> {
  try {
    const check = await engine.invoke('model.check', { model });
    // A folder on disk (or a downloaded hub model): what the engines will build from its config.json.
    const c = check.folder ? loadModelConfigSync(check.folder).config : null;
    const shape = c && { family: c.family, layers: c.numHiddenLayers, hiddenSize: c.hiddenSize, patchSize: c.patchSize, channels: c.numChannels, featureSize: featureSize(c) };
    if (json) printJson({ ...check, config: shape });
    else {
      const detail = shape
        ? `\n${FAMILY_NAMES[shape.family]}: ${shape.layers} layers × ${shape.hiddenSize}, patch ${shape.patchSize}, ${shape.channels} channel(s); feature ${shape.featureSize}`
        : '';
      process.stdout.write(`${check.message}${detail}\n`);
    }
    return 0;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'invalid_argument' || code === 'not_found' || code === 'unavailable') throw new CliUsageError((e as Error).message);
    throw e;
  }
}

export const infoCommand: CliCommand = {
  name: 'info',
  usage: 'info [--model ID|DIR|run:N] [--json]',
  summary: 'Show the workspace, its datasets, the compute engines and the models it offers; with --model, what that model is.',
  async run(argv) {
    const { values } = parseCommandArgs(argv, { model: { type: 'string' } });
    const engine = openEngine(values.workspace);
    try {
      if (values.model !== undefined) return await modelInfo(engine, values.model, values.json);
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
