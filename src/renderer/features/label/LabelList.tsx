import { useState } from 'react';
import type { LabelInfo } from '../../../shared/types';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { invoke } from '../../app/client';
import { useApi } from '../../app/api-context';
import type { LabelKeys } from './label-keys';

interface Props {
  datasetId: number;
  labels: LabelInfo[];
  unlabeled: number;
  total: number;
  /** undefined: all; null: unlabeled; else a label id. */
  active: number | null | undefined;
  onFilter(labelId: number | null | undefined): void;
  /** Label mode: the edit actions (rename, recolour, merge, delete, new). */
  editable: boolean;
  /** The key that assigns each label (shown in Browse and Label alike). */
  labelKeys: LabelKeys;
  onChanged(): void;
  notify(message: string, kind?: 'info' | 'error'): void;
}

/** Labels with live counts and their keys: a filter; in Label mode also editing. */
export function LabelList({ datasetId, labels, unlabeled, total, active, onFilter, editable, labelKeys, onChanged, notify }: Props) {
  const api = useApi();
  const [renaming, setRenaming] = useState<number | null>(null);
  const [merging, setMerging] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<LabelInfo | null>(null);
  const [newName, setNewName] = useState('');

  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      onChanged();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    }
  }

  return (
    <div className="label-list">
      <ul role="listbox" aria-label="Filter by label">
        <li role="option" aria-selected={active === undefined} className="label-row" onClick={() => onFilter(undefined)}>
          <span className="swatch all" aria-hidden="true" />
          <span className="label-name">All images</span>
          <span className="count">{total.toLocaleString()}</span>
        </li>
        <li role="option" aria-selected={active === null} className="label-row" onClick={() => onFilter(null)}>
          <span className="swatch none" aria-hidden="true" />
          <span className="label-name">Unlabeled</span>
          <kbd title={labelKeys.unlabels('0') ? '0 or Backspace removes the label' : 'Backspace removes the label'}>{labelKeys.unlabels('0') ? '0' : '⌫'}</kbd>
          <span className="count">{unlabeled.toLocaleString()}</span>
        </li>
        {labels.map((label) => {
          const key = labelKeys.keyOf(label.id);
          return (
            <li
              key={label.id}
              role="option"
              aria-selected={active === label.id}
              aria-label={`${label.name}, ${label.count} images${key ? `, key ${key}` : ''}`}
              className="label-row"
              onClick={() => onFilter(label.id)}
            >
              {editable ? (
                <label className="swatch" style={{ background: label.color }} title="Change colour" onClick={(e) => e.stopPropagation()}>
                  <input
                    type="color"
                    aria-label={`Colour of ${label.name}`}
                    value={label.color}
                    onChange={(e) => run(() => invoke(api, 'labels.recolor', { labelId: label.id, color: e.target.value }))}
                  />
                </label>
              ) : (
                <span className="swatch" style={{ background: label.color }} aria-hidden="true" />
              )}
              {renaming === label.id ? (
                <form
                  className="inline-form"
                  onClick={(e) => e.stopPropagation()}
                  onSubmit={(e) => {
                    e.preventDefault();
                    const name = String(new FormData(e.currentTarget).get('name') ?? '');
                    setRenaming(null);
                    if (name.trim() && name !== label.name) void run(() => invoke(api, 'labels.rename', { labelId: label.id, name }));
                  }}
                >
                  <input name="name" defaultValue={label.name} aria-label={`New name for ${label.name}`} autoFocus onBlur={() => setRenaming(null)} onKeyDown={(e) => e.stopPropagation()} />
                </form>
              ) : (
                <span className="label-name" onDoubleClick={() => editable && setRenaming(label.id)}>
                  {label.name}
                </span>
              )}
              {key && <kbd>{key}</kbd>}
              <span className="count">{label.count.toLocaleString()}</span>
              {editable && (
                <span className="row-actions" onClick={(e) => e.stopPropagation()}>
                  <button className="icon-button" aria-label={`Rename ${label.name}`} title="Rename" onClick={() => setRenaming(label.id)}>
                    ✎
                  </button>
                  <button className="icon-button" aria-label={`Merge ${label.name} into another label`} title="Merge into…" onClick={() => setMerging(merging === label.id ? null : label.id)}>
                    ⇢
                  </button>
                  <button className="icon-button" aria-label={`Delete ${label.name}`} title="Delete" onClick={() => setDeleting(label)}>
                    🗑
                  </button>
                </span>
              )}
              {merging === label.id && (
                <select
                  className="merge-select"
                  aria-label={`Merge ${label.name} into`}
                  autoFocus
                  defaultValue=""
                  onClick={(e) => e.stopPropagation()}
                  onChange={(e) => {
                    setMerging(null);
                    const targetId = Number(e.target.value);
                    if (targetId) void run(() => invoke(api, 'labels.merge', { sourceId: label.id, targetId }));
                  }}
                  onBlur={() => setMerging(null)}
                >
                  <option value="">Merge into…</option>
                  {labels
                    .filter((l) => l.id !== label.id)
                    .map((l) => (
                      <option key={l.id} value={l.id}>
                        {l.name}
                      </option>
                    ))}
                </select>
              )}
            </li>
          );
        })}
      </ul>
      {editable && (
        <form
          className="new-label"
          onSubmit={(e) => {
            e.preventDefault();
            const name = newName.trim();
            if (!name) return;
            setNewName('');
            void run(() => invoke(api, 'labels.create', { datasetId, name }));
          }}
        >
          <input value={newName} onChange={(e) => setNewName(e.target.value)} placeholder="New label" aria-label="New label name" onKeyDown={(e) => e.stopPropagation()} />
          <button type="submit" disabled={!newName.trim()}>
            Add
          </button>
        </form>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          confirmText="Delete label"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const label = deleting;
            setDeleting(null);
            void run(() => invoke(api, 'labels.delete', { labelId: label.id }));
          }}
        >
          Its {deleting.count.toLocaleString()} images become unlabeled. Undo (Ctrl+Z) does not bring the label back.
        </ConfirmDialog>
      )}
    </div>
  );
}
