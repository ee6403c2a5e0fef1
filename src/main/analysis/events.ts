import type { ExtractProgress } from '../train/extract';

/** What an analysis worker tells the engine while it works (sent as {type: 'analysis-event', jobId, event}). */
export type AnalysisEvent = { kind: 'phase'; phase: string; progress: ExtractProgress };
