import { useState } from 'react';
import type { RunSummary } from '../../../shared/api/runs';
import { invoke } from '../../app/client';
import { useApi } from '../../app/api-context';

/** Name and note of a run, edited in place under its row; Enter in the name or Save keeps them. */
export function RunNoteEditor({ run, onDone, onSaved }: { run: RunSummary; onDone(): void; onSaved(): void }) {
  const api = useApi();
  const [name, setName] = useState(run.name ?? '');
  const [note, setNote] = useState(run.note ?? '');
  const [error, setError] = useState<string | null>(null);

  async function save() {
    try {
      await invoke(api, 'runs.annotate', { runId: run.id, name: name.trim() ? name : null, note: note.trim() ? note : null });
      onSaved();
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <form
      className="run-note-editor"
      aria-label={`Name and note of run ${run.id}`}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Escape') onDone();
      }}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label className="field">
        <span>Name</span>
        <input autoFocus value={name} maxLength={80} placeholder={`Run #${run.id}`} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field grow">
        <span>Note</span>
        <textarea value={note} maxLength={2000} rows={2} placeholder="What this run tried, what you saw" onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="run-note-buttons">
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
