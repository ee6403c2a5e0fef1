import fs from 'node:fs';
import path from 'node:path';
import { ApiFailure } from '../../shared/result';
import type { RunJobs } from '../runs/run-jobs';
import { exportRun } from '../runs/export';
import { exportOnnx } from '../runs/export-onnx';
import { checkExportFolder, EXPORT_MARKER, markExportFolder } from '../runs/export-target';
import { runModelFolder } from '../runs/run-model';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';

/** runs.*: the runs of a workspace, their predictions, export and delete. */
export function runsHandlers(
  ctx: EngineContext,
  jobs: RunJobs,
): HandlersFor<'runs.list' | 'runs.get' | 'runs.predictions' | 'runs.export' | 'runs.delete'> {
  const store = jobs.store;
  return {
    'runs.list': ({ datasetId }) => store.list(datasetId),
    'runs.get': ({ runId }) => store.requireDetail(runId),
    'runs.predictions': (q) => {
      store.requireDetail(q.runId);
      return store.predictions(q);
    },
    'runs.export': ({ runId, folder, format, overwrite }) => {
      const run = store.requireDetail(runId);
      const row = store.row(runId)!;
      if (run.status !== 'completed' || !row.weights_path) throw new ApiFailure('conflict', `Run ${runId} has not completed (${run.status}).`);
      const target = checkExportFolder(folder, { overwrite });
      const files =
        format === 'onnx' ? exportOnnx(runModelFolder(ctx.ws, runId), target, runId) : exportRun(run.config, row.weights_path, target);
      markExportFolder(target, runId, format);
      return { folder: target, files: files.filter((f) => path.basename(f) !== EXPORT_MARKER) };
    },
    'runs.delete': ({ runId }) => {
      if (jobs.has(runId)) throw new ApiFailure('conflict', `Run ${runId} is still training: cancel it first.`);
      if (!store.row(runId)) throw new ApiFailure('not_found', `Run ${runId} does not exist.`);
      store.delete(runId);
      fs.rmSync(path.join(ctx.ws.paths.runs, String(runId)), { recursive: true, force: true });
      return { deleted: true as const };
    },
  };
}
