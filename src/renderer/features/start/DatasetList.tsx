import { useState } from 'react';
import type { DatasetSummary } from '../../../shared/types';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { invoke } from '../../app/client';
import { useApi } from '../../app/api-context';

interface Props {
  datasets: DatasetSummary[];
  onOpen(datasetId: number): void;
  onChanged(): void;
  notify(message: string, kind?: 'info' | 'error'): void;
}

/** The workspace's datasets: open one, rename it, rescan its folder, or delete it (its files stay). */
export function DatasetList({ datasets, onOpen, onChanged, notify }: Props) {
  const api = useApi();
  const [renaming, setRenaming] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<DatasetSummary | null>(null);
  const [rescanning, setRescanning] = useState<number | null>(null);

  async function run(action: () => Promise<string | void>) {
    try {
      const message = await action();
      if (message) notify(message);
      onChanged();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    }
  }

  async function rescan(d: DatasetSummary) {
    setRescanning(d.id);
    await run(async () => {
      const r = await invoke(api, 'datasets.rescan', { datasetId: d.id });
      return `${d.name}: ${r.added.toLocaleString()} new, ${r.vanished.toLocaleString()} gone, ${r.images.toLocaleString()} images.`;
    });
    setRescanning(null);
  }

  return (
    <>
      <ul className="dataset-list">
        {datasets.map((d) => (
          <li key={d.id} className="dataset-item">
            {renaming === d.id ? (
              <form
                className="dataset-rename"
                onSubmit={(e) => {
                  e.preventDefault();
                  const name = String(new FormData(e.currentTarget).get('name') ?? '').trim();
                  setRenaming(null);
                  if (name && name !== d.name) void run(async () => void (await invoke(api, 'datasets.rename', { datasetId: d.id, name })));
                }}
              >
                <input name="name" defaultValue={d.name} aria-label={`New name for ${d.name}`} autoFocus onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)} />
                <button type="submit" className="primary">
                  Rename
                </button>
                <button type="button" onClick={() => setRenaming(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <button className="dataset-row" onClick={() => onOpen(d.id)} aria-label={`Open ${d.name}`}>
                <span className="dataset-name">{d.name}</span>
                <span className="muted mono">{d.root}</span>
                <span className="dataset-stats">
                  {d.imageCount.toLocaleString()} images · {d.labeledCount.toLocaleString()} labeled
                  {d.skippedCount > 0 && ` · ${d.skippedCount} skipped`}
                </span>
              </button>
            )}
            <span className="dataset-actions">
              <button className="icon-button" aria-label={`Rename ${d.name}`} title="Rename" onClick={() => setRenaming(d.id)}>
                ✎
              </button>
              <button className="icon-button" aria-label={`Rescan ${d.name}`} title="Rescan the folder: add new files, mark vanished ones" disabled={rescanning === d.id} onClick={() => void rescan(d)}>
                {rescanning === d.id ? '…' : '⟳'}
              </button>
              <button className="icon-button" aria-label={`Delete ${d.name}`} title="Delete from the workspace (files stay)" onClick={() => setDeleting(d)}>
                ✕
              </button>
            </span>
          </li>
        ))}
      </ul>
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          confirmText="Delete dataset"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const d = deleting;
            setDeleting(null);
            void run(async () => {
              await invoke(api, 'datasets.delete', { datasetId: d.id });
              return `Deleted ${d.name} from the workspace; its image files in ${d.root} are untouched.`;
            });
          }}
        >
          Its labels, splits and runs leave the workspace. The image files in <span className="mono">{deleting.root}</span> are not touched; importing the folder again starts over.
        </ConfirmDialog>
      )}
    </>
  );
}
