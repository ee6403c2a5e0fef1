import { useCallback, useEffect, useRef, useState } from 'react';
import type { RequestOf, ReplyOf } from '../../../shared/api';
import type { AnalysisReply } from '../../../shared/api/data';
import type { JobProgress } from '../../../shared/types';
import { invoke } from '../../app/client';
import { useApi, useEngineEvents, useLoad } from '../../app/api-context';
import { useChosenBackbone, withBackbone } from './backbone-choice';

/** The data-loop channels that answer an AnalysisReply. */
export type AnalysisChannel = 'data.labelIssues' | 'data.suggestions' | 'data.map' | 'data.similar' | 'data.nearDuplicates';
export type ResultOf<C extends AnalysisChannel> = ReplyOf<C> extends AnalysisReply<infer T> ? T : never;

export interface AnalysisView<C extends AnalysisChannel> {
  datasetId: number | null;
  reply: ReplyOf<C> | undefined;
  /** The call itself failed (engine unreachable, bad request): a sentence. */
  error: string | null;
  /** Live progress of the running analysis (from 'progress' events, else the reply's). */
  progress: JobProgress | null;
  loading: boolean;
  reload(): void;
  /** Asks again with retry: true (after a failure or a cancel). */
  retry(): void;
  cancel(): Promise<void>;
}

/** Label edits arrive in bursts (bulk accept, keys held down): ask again once they settle. */
const EDIT_SETTLE_MS = 700;

/**
 * One data-loop answer kept current, on the features of the backbone chosen for the dataset
 * (backbone-choice.ts) unless the request names one: asks when the request changes, again when the engine says
 * the analysis changed (it finished, failed, was cancelled) and, debounced, when the dataset's
 * labels change (which makes the engine start the analysis over, in the background). While it
 * runs, progress comes from the 'progress' events of its job.
 */
export function useAnalysis<C extends AnalysisChannel>(channel: C, request: RequestOf<C> | null): AnalysisView<C> {
  const api = useApi();
  const datasetId = request === null ? null : (request as { datasetId: number }).datasetId;
  const backbone = useChosenBackbone(datasetId);
  // Nothing is asked until the dataset's choice is known: the default backbone's analysis would start for nothing.
  const key = request === null || backbone === undefined ? null : JSON.stringify(withBackbone(request as { model?: string }, backbone));
  // A retry asks once with retry: true (after a failure or a cancel), then plain again.
  const retryNext = useRef(false);
  const loaded = useLoad<ReplyOf<C> | undefined>(() => {
    if (key === null) return Promise.resolve(undefined);
    const req = { ...(JSON.parse(key) as object), ...(retryNext.current ? { retry: true } : {}) } as RequestOf<C>;
    retryNext.current = false;
    return invoke(api, channel, req);
  }, [api, channel, key]);
  const reply = loaded.data;
  const [progress, setProgress] = useState<JobProgress | null>(null);
  useEffect(() => {
    const r = reply as AnalysisReply<unknown> | undefined;
    setProgress(r?.status === 'running' ? r.progress : null);
  }, [reply]);
  const latest = useRef<ReplyOf<C> | undefined>(undefined);
  latest.current = reply;
  const { reload } = loaded;
  const retry = useCallback(() => {
    retryNext.current = true;
    reload();
  }, [reload]);
  const settle = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (settle.current && clearTimeout(settle.current)), []);

  useEngineEvents((e) => {
    const current = latest.current as AnalysisReply<unknown> | undefined;
    if (e.type === 'progress' && e.progress.kind === 'analyze' && current?.jobId && e.progress.jobId === current.jobId) setProgress(e.progress);
    if (e.type === 'analysis-changed' && e.datasetId === datasetId && (!current || e.analysis === current.analysis)) reload();
    if (e.type === 'dataset-changed' && e.datasetId === datasetId) {
      if (settle.current) clearTimeout(settle.current);
      settle.current = setTimeout(reload, EDIT_SETTLE_MS);
    }
  });

  const cancel = useCallback(async () => {
    const current = latest.current as AnalysisReply<unknown> | undefined;
    if (datasetId === null) return;
    try {
      await invoke(api, 'data.cancel', { datasetId, analysis: current?.analysis });
    } finally {
      reload();
    }
  }, [api, datasetId, reload]);

  return { datasetId, reply, error: loaded.error, progress, loading: loaded.loading, reload, retry, cancel };
}
