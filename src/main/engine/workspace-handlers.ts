import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';
import type { ComputeInfo } from '../../shared/api/workspace';
import { APP_VERSION } from '../../shared/version';
import { initBackend } from '../model/backend';
import { cpuThreads, gpuCandidates } from '../onnx/execution-providers';
import { describeHeadTrainer } from '../native/head-kernel';

/**
 * What the frozen backbone and the TF.js side will run on, without starting a session: the
 * status bar and `vit-studio info` say it before any work starts; each run records what it used.
 */
async function describeCompute(): Promise<ComputeInfo> {
  const tfjs = await initBackend();
  let ortProvider: string | null = null;
  try {
    await import('onnxruntime-node');
    const gpu = gpuCandidates('auto').candidates[0];
    ortProvider = gpu ? `${gpu.label} (CPU fallback)` : `CPU (${cpuThreads()} threads)`;
  } catch {
    ortProvider = null; // onnxruntime-node did not load: the backbone runs on TF.js
  }
  return { tfjsBackend: tfjs.backend, tfjsDevice: tfjs.device, ortProvider, headTrainer: describeHeadTrainer() };
}

export function workspaceHandlers(ctx: EngineContext): HandlersFor<'workspace.info'> {
  let compute: Promise<ComputeInfo> | null = null;
  return {
    'workspace.info': async () => {
      const count = (sql: string) => (ctx.ws.db.prepare(sql).get() as { n: number }).n;
      compute ??= describeCompute();
      return {
        path: ctx.ws.paths.root,
        version: APP_VERSION,
        datasets: count('SELECT count(*) AS n FROM datasets'),
        runs: count('SELECT count(*) AS n FROM runs'),
        compute: await compute,
      };
    },
  };
}
