import { ANALYSES, type AnalysisKind, type AnalysisReply } from '../../../shared/api/data';
import type { KfoldResult } from '../../tasks/registry';
import type { EngineContext } from '../context';
import type { HandlersFor } from '../dispatch';
import { requireDataset } from '../datasets-store';
import { datasetCounts } from '../image-totals';
import { AnalysisJobs } from './analysis-jobs';
import type { AnalysisView } from './analysis-record';
import { datasetItems, defaultModel } from './dataset-items';
import { keptImages, setKept } from './kept-labels';
import { datasetOfImages } from '../images-handlers';
import { ApiFailure } from '../../../shared/result';
import { labelIssuesResult, planKfold, suggestionsResult } from './kfold-analysis';
import { mapResult } from './map-analysis';
import { NeighborFiles, nearDuplicatesResult, planNeighbors, similarResult } from './neighbors-analysis';
import type { MapTaskResult } from '../../tasks/registry';
import type { NeighborsResult } from '../../tasks/registry';
import { goneImages, type Gone } from './gone-since';
import { MissingFiles } from './missing-files';

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
// and the dataset's current images and labels, leaving out the images gone since (gone-since.ts).
export function dataHandlers(ctx: EngineContext): HandlersFor<DataChannels> {
  const db = ctx.ws.db;
  const jobs = new AnalysisJobs(ctx);
  const missing = new MissingFiles(db, (datasetId) => ctx.emit({ type: 'dataset-changed', datasetId }), ctx.closing);
  const modelOf = (datasetId: number, model: string | undefined) => {
    requireDataset(db, datasetId);
    return model ?? defaultModel(db, datasetId);
  };
  /** Recompute (retry): files found missing are marked first, so the analysis starts again without them. */
  const markMissing = async (datasetId: number, retry: boolean) => {
    if (retry && (await missing.mark(datasetId))) ctx.emit({ type: 'dataset-changed', datasetId });
  };
  /**
   * The dataset's gone images, for an answer from a cached result; its files are looked for again
   * in the background (first, with checkFiles). Without a result (the first one is being computed)
   * nothing is looked for: the analysis's own start checks every file.
   */
  const goneOf = async (datasetId: number, checkFiles: boolean, view: { brief: unknown }): Promise<Gone> => {
    const foundMissing = (ids: number[]) => missing.add(datasetId, ids);
    if (!view.brief) return { reasons: new Map(), foundMissing };
    const check = missing.refresh(datasetId, checkFiles);
    if (checkFiles) await check;
    return { reasons: goneImages(db, datasetId, missing.known(datasetId)), foundMissing };
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
  // Each plan reads the dataset first (datasetItems: in pages, checked on disk, between other requests).
  const read = (datasetId: number, signal: AbortSignal) => datasetItems(db, datasetId, signal);
  const kfold = async (datasetId: number, model: string | undefined, retry: boolean) => {
    const m = modelOf(datasetId, model);
    await markMissing(datasetId, retry);
    const view = await jobs.request<KfoldResult>('kfold', datasetId, m, retry, async (signal) => planKfold(ctx.ws, datasetId, m, await read(datasetId, signal)));
    return { model: m, view };
  };
  const files = new NeighborFiles();
  const neighborsPlan = (datasetId: number, m: string, task: 'data.neighbors' | 'data.map') => async (signal: AbortSignal) =>
    planNeighbors(ctx.ws, jobs.dir, datasetId, m, task, await read(datasetId, signal));
  const neighbors = async (datasetId: number, model: string | undefined, retry: boolean) => {
    const m = modelOf(datasetId, model);
    await markMissing(datasetId, retry);
    return { model: m, view: await jobs.request<NeighborsResult>('neighbors', datasetId, m, retry, neighborsPlan(datasetId, m, 'data.neighbors')) };
  };
  return {
    'data.labelIssues': async ({ datasetId, model, retry, checkFiles, ...q }) => {
      const k = await kfold(datasetId, model, retry);
      const gone = await goneOf(datasetId, checkFiles, k.view);
      return reply('kfold', k.model, k.view, (r) => labelIssuesResult(db, r, q, gone));
    },
    'data.keepLabels': ({ datasetId, imageIds, keep }) => {
      if (datasetOfImages(db, imageIds) !== datasetId) throw new ApiFailure('invalid_argument', `These images are not in dataset ${datasetId}.`);
      const r = setKept(db, imageIds, keep);
      if (r.changed) ctx.emit({ type: 'dataset-changed', datasetId });
      return r;
    },
    'data.suggestions': async ({ datasetId, model, retry, checkFiles, ...q }) => {
      const k = await kfold(datasetId, model, retry);
      const gone = await goneOf(datasetId, checkFiles, k.view);
      return reply('kfold', k.model, k.view, (r) => suggestionsResult(db, r, q, gone));
    },
    'data.map': async ({ datasetId, model, retry, checkFiles }) => {
      const m = modelOf(datasetId, model);
      await markMissing(datasetId, retry);
      const view = await jobs.request<MapTaskResult>('map', datasetId, m, retry, neighborsPlan(datasetId, m, 'data.map'));
      const k = jobs.peek<KfoldResult>('kfold', datasetId, m);
      const gone = await goneOf(datasetId, checkFiles, view);
      return reply('map', m, view, (r) => mapResult(db, r, k.record ? { record: k.record, stale: k.stale } : null, gone.reasons));
    },
    'data.similar': async ({ datasetId, model, retry, checkFiles, ...q }) => {
      const n = await neighbors(datasetId, model, retry);
      const gone = await goneOf(datasetId, checkFiles, n.view);
      return reply('neighbors', n.model, n.view, (r) => similarResult(ctx.ws, files, r, q, gone.reasons));
    },
    'data.nearDuplicates': async ({ datasetId, model, retry, checkFiles, ...q }) => {
      const n = await neighbors(datasetId, model, retry);
      const gone = await goneOf(datasetId, checkFiles, n.view);
      return reply('neighbors', n.model, n.view, (r) => nearDuplicatesResult(db, files, r, q, gone.reasons));
    },
    'data.summary': ({ datasetId, model }) => {
      const m = modelOf(datasetId, model);
      const views = Object.fromEntries(ANALYSES.map((kind) => [kind, jobs.peek(kind, datasetId, m)])) as Record<AnalysisKind, ReturnType<typeof jobs.peek>>;
      // From the brief kept next to the result: the result itself is not read to count.
      const k = views.kfold.brief;
      const kept = k ? keptImages(db, datasetId) : new Set<number>();
      // Images gone since (marked, or found missing by the last check: no new check here) are not counted.
      const gone = k ? goneImages(db, datasetId, missing.known(datasetId)) : new Map();
      const issues = k ? k.issueImageIds!.filter((id) => !gone.has(id)) : [];
      const keptLabels = k ? issues.filter((id) => kept.has(id)).length : null;
      const { unlabeled } = datasetCounts(db, datasetId);
      return {
        datasetId,
        model: m,
        analyses: Object.fromEntries(ANALYSES.map((kind) => [kind, { status: views[kind].status, stale: views[kind].stale, progress: views[kind].progress }])) as never,
        labelIssues: k ? issues.length - keptLabels! : null,
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
