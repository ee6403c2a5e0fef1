import fs from 'node:fs';
import path from 'node:path';
import type { AnalysisKind, AnalysisStatus } from '../../../shared/api/data';
import type { ApiError } from '../../../shared/result';
import type { JobProgress } from '../../../shared/types';
import type { ArgsOf } from '../../workers/protocol';
import type { WorkerTasks } from '../../tasks/registry';
import type { AnalysisTaskName } from './analysis-process';
import { writeBrief, type AnalysisBrief } from './analysis-brief';

// What an analysis job starts from (its plan), what it leaves (its record, cached in memory and on
// disk under cache/analysis with the fingerprint of what it was computed on) and what asking for it answers.

export interface AnalysisRecord<V = unknown> {
  kind: AnalysisKind;
  datasetId: number;
  model: string;
  fingerprint: string;
  computedAt: string;
  /** Image id of each item index the worker saw. */
  imageIds: number[];
  /** Label id of each label index (kfold). */
  labelIds: number[];
  notes: string[];
  value: V;
  /** Files that belong to this result (deleted when a newer result replaces it). */
  files?: string[];
}

/** What starting an analysis needs: the worker task and its arguments, and what to keep with the result. */
export interface AnalysisPlan<N extends AnalysisTaskName = AnalysisTaskName> {
  task: N;
  args: (jobId: string) => ArgsOf<WorkerTasks, N>;
  imageIds: number[];
  labelIds: number[];
  notes: string[];
  /** Files the job writes (given its id): kept with the record, deleted when it is replaced. */
  files?: (jobId: string) => string[];
  /** Results of other analyses the job computes on the way (the map's neighbours). */
  companions?: (value: unknown) => { kind: AnalysisKind; value: unknown }[];
  /** False when the images changed while the plan read them (DatasetRead.settled): its result is stale from the start. */
  settled?: boolean;
}

/** What asking for an analysis answers (AnalysisJobs.request and peek). */
export interface AnalysisView<V> {
  status: AnalysisStatus;
  jobId: string | null;
  progress: JobProgress | null;
  /** The result (read from disk on first use). */
  readonly record: AnalysisRecord<V> | null;
  brief: AnalysisBrief | null;
  stale: boolean;
  error: ApiError | null;
}

/** A cached result, or null when there is none or its file cannot be read (it is computed again). */
export function readRecord(file: string): AnalysisRecord | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as AnalysisRecord;
  } catch {
    return null;
  }
}

/** Writes a result (whole or not at all: a temporary file renamed) and its brief. */
export function saveRecord(file: string, record: AnalysisRecord, brief: AnalysisBrief): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(record));
  fs.renameSync(tmp, file);
  writeBrief(file, brief);
}
