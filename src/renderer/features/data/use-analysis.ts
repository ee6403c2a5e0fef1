import { useCallback, useEffect, useRef, useState } from 'react';
import type { RequestOf, ReplyOf } from '../../../shared/api';
import type { AnalysisReply } from '../../../shared/api/data';
import type { JobProgress } from '../../../shared/types';
import { invoke } from '../../app/client';
import { useApi, useEngineEvents } from '../../app/api-context';

/** The data-loop channels that answer an AnalysisReply. */
export type AnalysisChannel = 'data.labelIssues' | 'data.suggestions' | 'data.map' | 'data.similar' | 'data.nearDuplicates';
export type ResultOf<C extends AnalysisChannel> = ReplyOf<C> extends AnalysisReply<infer T> ? T : never;

export interface AnalysisView<C extends AnalysisChannel> {
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
 * One data-loop answer kept current: asks when the request changes, again when the engine says
 * the analysis changed (it finished, failed, was cancelled) and, debounced, when the dataset's
 * labels change (which makes the engine start the analysis over, in the background). While it
 * runs, progress comes from the 'progress' events of its job.
 */
export function useAnalysis<C extends AnalysisChannel>(channel: C, request: RequestOf<C> | null): AnalysisView<C> {
  const api = useApi();
  const [reply, setReply] = useState<ReplyOf<C> | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [tick, setTick] = useState({ n: 0, retry: false });
  const key = request === null ? null : JSON.stringify(request);
  const latest = useRef<ReplyOf<C> | undefined>(undefined);
  latest.current = reply;

  useEffect(() => {
    if (key === null) return;
    let live = true;
    setLoading(true);
    const req = { ...(JSON.parse(key) as object), ...(tick.retry ? { retry: true } : {}) } as RequestOf<C>;
    invoke(api, channel, req).then(
      (value) => {
        if (!live) return;
        setReply(value);
        const r = value as AnalysisReply<unknown>;
        setProgress(r.status === 'running' ? r.progress : null);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e instanceof Error ? e.message : String(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, channel, key, tick]);

  const reload = useCallback(() => setTick((t) => ({ n: t.n + 1, retry: false })), []);
  const retry = useCallback(() => setTick((t) => ({ n: t.n + 1, retry: true })), []);
  const datasetId = request === null ? null : (request as { datasetId: number }).datasetId;
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

  return { reply, error, progress, loading, reload, retry, cancel };
}
