import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunDetail } from '../../../shared/api/runs';
import type { JobProgress } from '../../../shared/types';
import { invoke } from '../../app/client';
import { useApi, useEngineEvents } from '../../app/api-context';

export interface LiveRun {
  run: RunDetail | null;
  /** The latest progress event of the run while it is active (cleared when it ends). */
  progress: JobProgress | null;
  error: string | null;
  reload(): void;
}

export const isActive = (status: string | undefined) => status === 'running' || status === 'queued';

/**
 * One run, kept current: reloaded on its run-changed events (each epoch, the end) and followed by
 * its progress events. Reloads are coalesced so a burst of events costs one request.
 */
export function useLiveRun(runId: number | null): LiveRun {
  const api = useApi();
  const [run, setRun] = useState<RunDetail | null>(null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inflight = useRef<{ id: number | null; busy: boolean; again: boolean }>({ id: null, busy: false, again: false });

  const reload = useCallback(() => {
    const s = inflight.current;
    if (runId === null) return;
    if (s.busy) {
      s.again = true;
      return;
    }
    s.busy = true;
    invoke(api, 'runs.get', { runId })
      .then(
        (r) => {
          if (inflight.current.id !== runId) return;
          setRun(r);
          setError(null);
          if (!isActive(r.status)) setProgress(null);
        },
        (e: unknown) => inflight.current.id === runId && setError(e instanceof Error ? e.message : String(e)),
      )
      .finally(() => {
        s.busy = false;
        if (s.again) {
          s.again = false;
          reload();
        }
      });
  }, [api, runId]);

  useEffect(() => {
    inflight.current = { id: runId, busy: false, again: false };
    setRun(null);
    setProgress(null);
    setError(null);
    reload();
  }, [runId, reload]);

  useEngineEvents((e) => {
    if (runId === null) return;
    if (e.type === 'run-changed' && e.runId === runId) reload();
    if (e.type === 'progress' && e.progress.runId === runId) setProgress(e.progress);
  });

  return { run, progress, error, reload };
}
