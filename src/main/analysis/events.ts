import type { ExtractProgress } from '../train/extract';

/** What an analysis worker tells the engine while it works (the analysis task's progress messages). */
export type AnalysisEvent = { kind: 'phase'; phase: string; progress: ExtractProgress };
