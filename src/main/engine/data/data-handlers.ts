import { ANALYSES, type AnalysisKind, type AnalysisReply } from '../../../shared/api/data';
import type { KfoldResult } from '../../tasks/registry';
import type { EngineContext } from '../context';
import type { HandlersFor } from '../dispatch';
import { requireDataset } from '../datasets-store';
import { datasetCounts } from '../image-totals';
import { AnalysisJobs, type AnalysisView } from './analysis-jobs';
import { defaultModel } from './dataset-items';
import { keptImages, setKept } from './kept-labels';
import { datasetOfImages } from '../images-handlers';
import { ApiFailure } from '../../../shared/result';
import { labelIssuesResult, planKfold, suggestionsResult } from './kfold-analysis';
import { mapResult } from './map-analysis';
import { NeighborFiles, nearDuplicatesResult, planNeighbors, similarResult } from './neighbors-analysis';
import type { MapTaskResult } from '../../tasks/registry';
import type { NeighborsResult } from '../../tasks/registry';

type DataChannels =
  | 'data.labelIssues'
  | 'data.keepLabels'
  | 'data.suggestions'
  | 'data.map'
  | 'data.similar'
  | 'data.nearDuplicates'
  | 'data.summary'
  | 'data.cancel';

// data.* (api/data.ts): each answer is an AnalysisReply built from an analysis (analysis-jobs.ts)
// and the dataset's current images and labels.
export function dataHandlers(ctx: EngineContext): HandlersFor<DataChannels> {
  const db = ctx.ws.db;
  const jobs = new AnalysisJobs(ctx);
  const modelOf = (datasetId: number, model?: string) => {
    requireDataset(db, datasetId);
    return model ?? defaultModel(db, datasetId);
  };
  const reply = <V, T>(kind: AnalysisKind, model: string, view: AnalysisView<V>, answer: (v: NonNullable<AnalysisView<V>['record']>) => T): AnalysisReply<T> => ({
    analysis: kind,
    model,
    status: view.status,
    jobId: view.jobId,
    progress: view.progress,
    result: view.record ? answer(view.record) : null,
    stale: view.stale,
    error: view.error,
  });
  const kfold = (datasetId: number, model: string | undefined, retry: boolean) => {
    const m = modelOf(datasetId, model);
    return { model: m, view: jobs.request<KfoldResult>('kfold', datasetId, m, retry, () => planKfold(ctx.ws, datasetId, m)) };
  };
  const files = new NeighborFiles();
  const neighbors = (datasetId: number, model: string | undefined, retry: boolean) => {
    const m = modelOf(datasetId, model);
    return { model: m, view: jobs.request<NeighborsResult>('neighbors', datasetId, m, retry, () => planNeighbors(ctx.ws, jobs.dir, datasetId, m, 'data.neighbors')) };
  };
  return {
    'data.labelIssues': ({ datasetId, model, retry, ...q }) => {
      const k = kfold(datasetId, model, retry);
      return reply('kfold', k.model, k.view, (r) => labelIssuesResult(db, r, q));
    },
    'data.keepLabels': ({ datasetId, imageIds, keep }) => {
      if (datasetOfImages(db, imageIds) !== datasetId) throw new ApiFailure('invalid_argument', `These images are not in dataset ${datasetId}.`);
      const r = setKept(db, imageIds, keep);
      if (r.changed) ctx.emit({ type: 'dataset-changed', datasetId });
      return r;
    },
    'data.suggestions': ({ datasetId, model, retry, ...q }) => {
      const k = kfold(datasetId, model, retry);
      return reply('kfold', k.model, k.view, (r) => suggestionsResult(db, r, q));
    },
    'data.map': ({ datasetId, model, retry }) => {
      const m = modelOf(datasetId, model);
      const view = jobs.request<MapTaskResult>('map', datasetId, m, retry, () => planNeighbors(ctx.ws, jobs.dir, datasetId, m, 'data.map'));
      const k = jobs.peek<KfoldResult>('kfold', datasetId, m);
      return reply('map', m, view, (r) => mapResult(db, r, k.record ? { record: k.record, stale: k.stale } : null));
    },
    'data.similar': ({ datasetId, model, retry, ...q }) => {
      const n = neighbors(datasetId, model, retry);
      return reply('neighbors', n.model, n.view, (r) => similarResult(ctx.ws, files, r, q));
    },
    'data.nearDuplicates': ({ datasetId, model, retry, ...q }) => {
      const n = neighbors(datasetId, model, retry);
      return reply('neighbors', n.model, n.view, (r) => nearDuplicatesResult(db, files, r, q));
    },
    'data.summary': ({ datasetId, model }) => {
      const m = modelOf(datasetId, model);
      const views = Object.fromEntries(ANALYSES.map((kind) => [kind, jobs.peek(kind, datasetId, m)])) as Record<AnalysisKind, ReturnType<typeof jobs.peek>>;
      // From the brief kept next to the result: the result itself is not read to count.
      const k = views.kfold.brief;
      const kept = k ? keptImages(db, datasetId) : new Set<number>();
      const keptLabels = k ? k.issueImageIds!.filter((id) => kept.has(id)).length : null;
      const { unlabeled } = datasetCounts(db, datasetId);
      return {
        datasetId,
        model: m,
        analyses: Object.fromEntries(ANALYSES.map((kind) => [kind, { status: views[kind].status, stale: views[kind].stale, progress: views[kind].progress }])) as never,
        labelIssues: k ? k.issueImageIds!.length - keptLabels! : null,
        keptLabels,
        suggestions: k ? k.suggestions! : null,
        unlabeled,
      };
    },
    'data.cancel': ({ datasetId, analysis }) => {
      requireDataset(db, datasetId);
      return { cancelled: jobs.cancel(datasetId, analysis) };
    },
  };
}
