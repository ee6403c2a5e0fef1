import { invoke } from '../../app/client';
import { useApi, useLoad } from '../../app/api-context';
import { Modal } from '../../app/Modal';

/** The files an import left out, each with its reason (corrupt, empty, too large, unreadable…). */
export function SkippedFiles({ datasetId, onClose }: { datasetId: number; onClose(): void }) {
  const api = useApi();
  const skipped = useLoad(() => invoke(api, 'datasets.skipped', { datasetId }), [api, datasetId]);
  return (
    <Modal role="dialog" labelledBy="skipped-title" className="skipped-dialog" onClose={onClose}>
      {(focusRef) => (
        <>
          <h2 id="skipped-title">Skipped files{skipped.data ? ` (${skipped.data.length})` : ''}</h2>
          <div className="dialog-body">
            {skipped.error && <p className="error">{skipped.error}</p>}
            {skipped.data?.length === 0 && <p>Every file of this folder was imported.</p>}
            {!!skipped.data?.length && (
              <table className="skipped-table" aria-label="Skipped files">
                <thead>
                  <tr>
                    <th scope="col">File</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {skipped.data.map((s) => (
                    <tr key={s.path}>
                      <td className="mono">{s.path}</td>
                      <td>{s.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div className="dialog-actions">
            <button ref={focusRef} className="primary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
