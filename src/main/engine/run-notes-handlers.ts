// A run's name and note, and its lineage ("retrain of #2"): the user's words about what a run
// tried, kept with the run (schema 6).
import type Database from 'better-sqlite3';
import { ApiFailure } from '../../shared/result';
import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';
import { RunsStore } from '../runs/runs-store';

/** Records that `runId` retrains `parentId` (train.rerun). */
export function setParentRun(db: Database.Database, runId: number, parentId: number): void {
  db.prepare('UPDATE runs SET parent_run_id = ? WHERE id = ?').run(parentId, runId);
}

export function runNotesHandlers(ctx: EngineContext): HandlersFor<'runs.annotate'> {
  return {
    'runs.annotate': ({ runId, name, note }) => {
      const db = ctx.ws.db;
      if (!db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId)) throw new ApiFailure('not_found', `Run ${runId} does not exist.`);
      db.transaction(() => {
        // Empty text clears, like null; undefined leaves the field as it is.
        if (name !== undefined) db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(name || null, runId);
        if (note !== undefined) db.prepare('UPDATE runs SET note = ? WHERE id = ?').run(note?.trim() || null, runId);
      }).immediate();
      ctx.emit({ type: 'run-changed', runId });
      return new RunsStore(db).summaryOf(runId)!;
    },
  };
}
