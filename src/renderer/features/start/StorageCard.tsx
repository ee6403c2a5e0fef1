import { useState } from 'react';
import type { CacheKind } from '../../../shared/api/workspace';
import { formatBytes } from '../../../shared/format';
import { ApiCallError, invoke } from '../../app/client';
import { useApi, useLoad } from '../../app/api-context';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import type { ScreenProps } from '../../app/screen';

const CACHES: Record<CacheKind, { name: string; unit: string; rebuilt: string }> = {
  thumbnails: { name: 'Thumbnails', unit: 'file', rebuilt: 'They are drawn again as images are shown.' },
  features: {
    name: 'Backbone features',
    unit: 'vector',
    rebuilt: 'The next run computes the features it needs again, which takes as long as the first time.',
  },
  graphs: { name: 'ONNX graphs', unit: 'graph', rebuilt: 'The next run or prediction rebuilds its graph from the checkpoint (seconds).' },
};

/** What the workspace's caches take on disk, each with a Clear button (they are all rebuilt on demand). */
export function StorageCard({ notify }: Pick<ScreenProps, 'notify'>) {
  const api = useApi();
  const storage = useLoad(() => invoke(api, 'workspace.storage', {}), [api]);
  const [asking, setAsking] = useState<CacheKind | null>(null);
  const [clearing, setClearing] = useState<CacheKind | null>(null);

  async function clear(kind: CacheKind) {
    setAsking(null);
    setClearing(kind);
    try {
      const freed = await invoke(api, 'workspace.clearCache', { cache: kind });
      notify(`${CACHES[kind].name}: ${formatBytes(freed.freedBytes)} freed.`);
    } catch (e) {
      notify(e instanceof ApiCallError ? e.message : String(e), 'error');
    } finally {
      setClearing(null);
      storage.reload();
    }
  }

  const total = storage.data ? storage.data.caches.reduce((s, c) => s + c.bytes, 0) : 0;
  return (
    <section className="card" aria-labelledby="storage-title">
      <h2 id="storage-title">Storage</h2>
      {storage.error && <p className="error">{storage.error}</p>}
      {!storage.data && !storage.error && <p className="muted small">Measuring…</p>}
      {storage.data && (
        <>
          <p className="muted small">
            Caches take {formatBytes(total)}; runs keep {formatBytes(storage.data.runsBytes)}. Caches only hold what can be computed
            again: clearing one never touches labels, splits or runs.
          </p>
          <table className="storage-table" aria-label="Caches">
            <tbody>
              {storage.data.caches.map((c) => (
                <tr key={c.kind}>
                  <th scope="row">{CACHES[c.kind].name}</th>
                  <td className="mono">{formatBytes(c.bytes)}</td>
                  <td className="muted">
                    {c.entries.toLocaleString()} {CACHES[c.kind].unit}{c.entries === 1 ? '' : 's'}
                  </td>
                  <td>
                    <button onClick={() => setAsking(c.kind)} disabled={c.entries === 0 || clearing !== null} aria-label={`Clear ${CACHES[c.kind].name}`}>
                      {clearing === c.kind ? 'Clearing…' : 'Clear'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {asking && (
        <ConfirmDialog title={`Clear ${CACHES[asking].name.toLowerCase()}?`} confirmText="Clear" danger onConfirm={() => void clear(asking)} onCancel={() => setAsking(null)}>
          <p>{CACHES[asking].rebuilt}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
