import { ApiFailure } from '../../shared/result';
import { rerunRequest, trainRequestSchema, type TrainRequest } from '../../shared/api/train';
import type { RunJobs } from '../runs/run-jobs';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';
import { setParentRun } from './run-notes-handlers';
import { checkModelSpec } from './model-source-handlers';

/** train.*: start a run (in its own worker process), start one again with its settings, cancel. */
export function trainHandlers(ctx: EngineContext, jobs: RunJobs): HandlersFor<'train.start' | 'train.rerun' | 'train.cancel'> {
  const start = async (r: TrainRequest): Promise<{ runId: number }> => {
    if (r.precision === 'int8' && (r.fromScratch || r.engine === 'tfjs')) {
      throw new ApiFailure(
        'invalid_argument',
        r.fromScratch ? 'int8 fast mode quantizes a frozen backbone: a model trained from scratch has none.' : 'int8 fast mode runs on ONNX Runtime: choose the ONNX Runtime (or Auto) engine.',
      );
    }
    // A typed folder that is not a model, or a hub model offline, is refused here, not as a failed run.
    if (!r.fromScratch) checkModelSpec(r.model);
    return jobs.start(r);
  };
  return {
    'train.start': start,
    'train.rerun': async ({ runId }) => {
      const run = jobs.store.requireDetail(runId);
      if (!run.config.labels.length || !run.config.model) throw new ApiFailure('invalid_argument', `Run ${runId} has no settings to train with again.`);
      const started = await start(trainRequestSchema.parse(rerunRequest(run.datasetId, run.config)));
      setParentRun(ctx.ws.db, started.runId, runId);
      return started;
    },
    'train.cancel': ({ runId }) => {
      if (jobs.cancel(runId)) return { cancelled: true };
      jobs.store.requireDetail(runId);
      return { cancelled: false };
    },
  };
}
