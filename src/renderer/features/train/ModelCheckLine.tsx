import { useEffect, useState } from 'react';
import { ApiCallError, invoke } from '../../app/client';
import { useApi } from '../../app/api-context';

type Check = { ok: true; ready: boolean; message: string } | { ok: false; message: string; offline: boolean };

/**
 * What the chosen model is, checked before Train (model.check): "downloaded", "will be downloaded
 * (346 MB)", "local model folder (vit)", or one sentence on what is wrong — offline, which models
 * are in the cache instead. Checked after typing pauses.
 */
export function ModelCheckLine({ model }: { model: string }) {
  const api = useApi();
  const [check, setCheck] = useState<Check | null>(null);
  useEffect(() => {
    const spec = model.trim();
    if (!spec) return setCheck(null);
    let live = true;
    const timer = setTimeout(() => {
      invoke(api, 'model.check', { model: spec }).then(
        (r) => live && setCheck({ ok: true, ready: r.ready, message: r.message }),
        (e: unknown) => live && setCheck({ ok: false, message: e instanceof Error ? e.message : String(e), offline: e instanceof ApiCallError && e.code === 'unavailable' }),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, model]);
  if (!check) return null;
  return (
    <p className={`model-check small${check.ok ? (check.ready ? ' ready' : '') : ' error'}`} role={check.ok ? 'status' : 'alert'} data-testid="model-check">
      {check.ok ? (check.ready ? '✓ ' : '↓ ') : '⚠ '}
      {check.message}
    </p>
  );
}
