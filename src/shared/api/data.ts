import { z } from 'zod';
import { channel } from './channel';
import { idSchema } from './datasets';
import type { ApiError } from '../result';
import type { JobProgress, Split } from '../types';
import { offsetSchema, pathSchema } from './fields';

// The data loop (#12): suspicious labels, suggestions for unlabelled images, the dataset as a map,
// look-alikes. Each answer comes from an *analysis* computed in a worker process on the cached
// features of one backbone, cached per dataset and model:
//   - 'kfold': stratified 5-fold out-of-fold probabilities of the labelled images (+ the fold
//     heads' average on the unlabelled ones) → label issues (confident learning) and suggestions;
//   - 'map': the 2-D projection of every image's features;
//   - 'neighbors': the cosine-similarity index → similar images and near-duplicate groups.
// Asking for a result starts its analysis when there is no fresh one (labels, splits, images or
// features changed) and answers at once with an AnalysisReply: 'running' with progress (and the
// previous result, marked stale, if any) or 'ready'. While running, 'progress' events (kind
// 'analyze', jobId = reply.jobId) arrive, and 'analysis-changed' when it ends: ask again then.

export const ANALYSES = ['kfold', 'map', 'neighbors'] as const;
export type AnalysisKind = (typeof ANALYSES)[number];

export type AnalysisStatus = 'ready' | 'running' | 'failed' | 'cancelled';

export interface AnalysisReply<T> {
  analysis: AnalysisKind;
  /** The backbone whose features it uses (the request's, or the default: see `model` below). */
  model: string;
  status: AnalysisStatus;
  /** The job computing it now or last; null when none ran yet. */
  jobId: string | null;
  progress: JobProgress | null;
  /** The latest result: while running or after a failure it is the previous one (stale), if any. */
  result: T | null;
  /** true when `result` was computed on other labels, images or features than the current ones. */
  stale: boolean;
  /** Why it failed or was cancelled: a sentence a user can act on. */
  error: ApiError | null;
}

/** Every data request: the dataset, and which backbone's features. */
const analysisRequest = z
  .object({
    datasetId: idSchema,
    /**
     * A hub id (optionally "id@revision") or a local model folder. Default: the backbone of the
     * dataset's most recent completed run, else the default model.
     */
    model: pathSchema().optional(),
    /**
     * Start again after a failure or a cancel (otherwise the failure is answered until something
     * changes), or compute again a result some of whose images are gone since (its `goneSince`).
     */
    retry: z.boolean().default(false),
    /**
     * Answer once every image file of the result has been looked for on disk (the CLI). Otherwise
     * the answer comes at once, and a 'dataset-changed' event follows if files are found gone.
     */
    checkFiles: z.boolean().default(false),
  })
  .strict();

const page = { offset: offsetSchema, limit: z.number().int().min(1).max(100_000).default(500) };

/**
 * Images of a cached result deleted, changed on disk or removed from the dataset since it was
 * computed: left out of the answer and said in one sentence ("3 images deleted since this map was
 * computed are left out."). Asking again with `retry` computes the result again without them.
 */
export interface GoneSince {
  count: number;
  sentence: string;
}

/** An image as the data loop answers it: id, path inside the dataset and absolute path. */
export interface DataImage {
  imageId: number;
  relPath: string;
  /** Absolute path on disk (what the CLI prints). */
  path: string;
  labelId: number | null;
  label: string | null;
  split: Split | null;
}

export interface LabelIssue extends DataImage {
  /** 1 = most suspicious. */
  rank: number;
  givenLabelId: number;
  givenLabel: string;
  suggestedLabelId: number;
  suggestedLabel: string;
  /** Out-of-fold probability of the given label (self-confidence): lowest first. */
  confidence: number;
  /** Out-of-fold probability of the suggested label. */
  suggestedConfidence: number;
}

export interface LabelIssuesResult {
  /** Labelled images that got out-of-fold probabilities. */
  checked: number;
  /** Issues in all (the page below is issues[offset, offset+limit)): open ones, or with `kept` the kept ones. */
  total: number;
  /** Flagged images whose label a person kept (data.keepLabels): left out of the open issues. */
  kept: number;
  issues: LabelIssue[];
  folds: number;
  /** The cleanlab filter used (its default: 'prune_by_noise_rate'). */
  method: 'prune_by_noise_rate' | 'confident_learning';
  /** Out-of-fold accuracy of the fold heads over the checked images. */
  outOfFoldAccuracy: number;
  /** Head settings the folds trained with. */
  head: { lr: number; epochs: number; weightDecay: number };
  /** Edge cases met, each a sentence: classes left out, images deleted since import, … */
  notes: string[];
  goneSince: GoneSince | null;
  computedAt: string;
}

export interface Suggestion extends DataImage {
  /** Position in the review order (1 = review first). */
  order: number;
  /** The head's predicted label and its probability (mean of the fold heads). */
  suggestedLabelId: number;
  suggestedLabel: string;
  score: number;
  /** The next best labels. */
  topK: { labelId: number; label: string; score: number }[];
}

export interface SuggestionsResult {
  /** Unlabelled images in all. */
  unlabeled: number;
  /** Suggestions matching the request (minScore, labelId), in review order. */
  total: number;
  suggestions: Suggestion[];
  /** With minScore: how many of the matching suggestions would get each label (the bulk-accept preview). */
  byLabel: { labelId: number; label: string; count: number }[];
  notes: string[];
  goneSince: GoneSince | null;
  computedAt: string;
}

/**
 * Every image as one point, in columns (100,000 points stay a few MB of JSON); index i of each
 * column is one image. x, y lie in [-1, 1] (aspect kept), as WebGL scatterplots take them.
 */
export interface MapResult {
  count: number;
  imageIds: number[];
  x: number[];
  y: number[];
  /** Current labels and splits (read at answer time, never stale). */
  labelIds: (number | null)[];
  splits: (Split | null)[];
  /** From the 'kfold' analysis when it is there (else null): out-of-fold prediction for labelled images, suggestion for unlabelled. */
  predictedLabelIds: (number | null)[];
  /** predicted = label, for labelled images with a prediction; null otherwise. */
  correct: (boolean | null)[];
  /** Flagged by confident learning, and not kept by a person (data.keepLabels). */
  suspicious: boolean[];
  /** Whether the predicted/correct/suspicious columns are there and up to date. */
  predictions: 'ready' | 'stale' | 'missing';
  labels: { id: number; name: string; color: string }[];
  /** Layout method and its neighbourhood size. */
  method: string;
  notes: string[];
  goneSince: GoneSince | null;
  computedAt: string;
}

export interface Neighbor extends DataImage {
  /** Cosine similarity of the features, in [-1, 1]. */
  similarity: number;
}

export interface SimilarResult {
  image: DataImage;
  neighbors: Neighbor[];
}

export interface NearDuplicateGroup {
  /**
   * Images of the group: the first (its centre) and those at or above the threshold to it — not
   * chains of pairs, so every other image is a look-alike of the first. The first is the one a
   * "keep one" action keeps by default. `similarity`: to the first (the first's own: to its
   * closest look-alike).
   */
  images: (DataImage & { similarity: number })[];
  /** Highest and lowest similarity of the other images to the first. */
  maxSimilarity: number;
  minSimilarity: number;
  /** Images of the group sit in different splits (train vs val/test): test accuracy is inflated. */
  leakage: boolean;
  splits: Split[];
  /** Images of the group carry different labels. */
  labelConflict: boolean;
}

export interface NearDuplicatesResult {
  threshold: number;
  /** Groups in all (the page below is groups[offset, offset+limit)); largest similarity first. */
  total: number;
  groups: NearDuplicateGroup[];
  imagesInGroups: number;
  leakageGroups: number;
  notes: string[];
  goneSince: GoneSince | null;
}

export interface DataSummary {
  datasetId: number;
  model: string;
  analyses: Record<AnalysisKind, { status: AnalysisStatus | 'none'; stale: boolean; progress: JobProgress | null }>;
  /** From the latest 'kfold' result (null when none): counts for the Start card and the Label/Browse screens. */
  labelIssues: number | null;
  /** Flagged images whose label a person kept (not counted in labelIssues). */
  keptLabels: number | null;
  suggestions: number | null;
  unlabeled: number;
}

export const DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.95;
export const DEFAULT_SIMILAR_K = 10;

export const dataApi = {
  /**
   * Suspicious labels, most suspicious first (analysis 'kfold'): the open ones, or with `kept` the
   * flagged images whose label a person kept.
   */
  'data.labelIssues': channel<AnalysisReply<LabelIssuesResult>>()(analysisRequest.extend({ ...page, kept: z.boolean().default(false) })),
  /**
   * "Keep label" on flagged images (keep: true), remembered across analyses for each image with
   * its current label; keep: false makes them reviewable again (the undo of a keep).
   */
  'data.keepLabels': channel<{ changed: number; unchanged: number }>()(
    z.object({ datasetId: idSchema, imageIds: z.array(idSchema).min(1).max(100_000), keep: z.boolean() }).strict(),
  ),
  /** The head's suggestion for every unlabelled image, in review order (analysis 'kfold'). */
  'data.suggestions': channel<AnalysisReply<SuggestionsResult>>()(
    analysisRequest.extend({
      ...page,
      /** Only suggestions at least this confident (bulk accept "above N %"). */
      minScore: z.number().min(0).max(1).optional(),
      /** Only suggestions of this label. */
      labelId: idSchema.optional(),
    }),
  ),
  /** Every image's place on the 2-D map (analysis 'map'). */
  'data.map': channel<AnalysisReply<MapResult>>()(analysisRequest),
  /** The k images most similar to one image (analysis 'neighbors'). */
  'data.similar': channel<AnalysisReply<SimilarResult>>()(
    analysisRequest.extend({
      imageId: idSchema,
      k: z.number().int().min(1).max(1000).default(DEFAULT_SIMILAR_K),
      /** Only labelled neighbours (the review queue shows these). */
      labeledOnly: z.boolean().default(false),
    }),
  ),
  /** Groups of images whose features are at least `threshold` similar (analysis 'neighbors'). */
  'data.nearDuplicates': channel<AnalysisReply<NearDuplicatesResult>>()(
    analysisRequest.extend({
      ...page,
      threshold: z.number().min(0.5).max(1).default(DEFAULT_NEAR_DUPLICATE_THRESHOLD),
      /** Only groups that span splits. */
      leakageOnly: z.boolean().default(false),
    }),
  ),
  /**
   * The backbone chosen for a dataset's analyses in the app (kept in the workspace); null: the
   * default, as the CLI's --model (the latest finished run's backbone, else the default model).
   */
  'data.backbone': channel<{ datasetId: number; model: string | null }>()(z.object({ datasetId: idSchema }).strict()),
  /** Chooses it (null: back to the default); every window follows ('backbone-chosen' event). */
  'data.chooseBackbone': channel<{ datasetId: number; model: string | null }>()(
    z.object({ datasetId: idSchema, model: pathSchema().nullable() }).strict(),
  ),
  /** Where every analysis of a dataset stands, without starting any. */
  'data.summary': channel<DataSummary>()(analysisRequest.omit({ retry: true, checkFiles: true })),
  /** Cancels the running analyses of a dataset (one kind, or all). */
  'data.cancel': channel<{ cancelled: number }>()(
    z.object({ datasetId: idSchema, analysis: z.enum(ANALYSES).optional() }).strict(),
  ),
};
