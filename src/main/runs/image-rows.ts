import type Database from 'better-sqlite3';

// Reading every image row of a dataset (at 100,000 images, about half a second of SQLite and
// object building) in pages, yielding to the event loop between them, so that the engine's other
// requests (grid pages, counts) are answered meanwhile (rule 5). better-sqlite3 is synchronous and
// an open iterator would hold the connection, hence pages: each one a query of its own.

/** Rows per page: about a millisecond of work each (a page's rows are built into objects at once). */
export const PAGE_ROWS = 500;
/** How long one event-loop task of such work may run before it lets the others in. */
export const SLICE_MS = 5;

/** Lets the event loop run what waits (requests, timers, I/O callbacks) before going on. */
export const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/** Work cut into event-loop tasks of about SLICE_MS: `if (slice.spent) await slice.next();` between steps. */
export class TimeSlice {
  private start = performance.now();

  get spent(): boolean {
    return performance.now() - this.start >= SLICE_MS;
  }

  async next(): Promise<void> {
    await yieldToEventLoop();
    this.start = performance.now();
  }
}

/**
 * Every row of `sql`, a query whose last two parameters are the id to start after and the page
 * size (`… AND i.id > ? ORDER BY i.id LIMIT ?`), page by page in id order, each row passed to
 * `each` as it arrives. Write `+dataset_id = ?`: the unary plus keeps SQLite walking the
 * rowid, where an index on dataset_id would make it sort every remaining row for each page.
 * Stops with the signal's reason when it is aborted.
 */
export async function readPaged<R extends { id: number }>(
  db: Database.Database,
  sql: string,
  params: unknown[],
  each: (row: R) => void,
  signal?: AbortSignal,
): Promise<void> {
  const statement = db.prepare(sql);
  const slice = new TimeSlice();
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    signal?.throwIfAborted();
    const page = statement.all(...params, after, PAGE_ROWS) as R[];
    for (const row of page) each(row);
    if (page.length < PAGE_ROWS) return;
    after = page[page.length - 1]!.id;
    if (slice.spent) await slice.next();
  }
}

/** Runs the steps of `steps` (a generator that yields between them) in slices of SLICE_MS; its value at the end. */
export async function runInSlices<T>(steps: Generator<void, T>): Promise<T> {
  const slice = new TimeSlice();
  await slice.next(); // what the caller did before is a task of its own
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (slice.spent) await slice.next();
  }
}

/** Calls `step(i)` for each i < count, in slices of SLICE_MS (the clock read every 1,024 steps). */
export async function forEachInSlices(count: number, step: (i: number) => void): Promise<void> {
  const slice = new TimeSlice();
  for (let i = 0; i < count; i++) {
    if ((i & 1023) === 0 && slice.spent) await slice.next();
    step(i);
  }
}

/** Rows kept as columns (an array per field: no object per row), without the rows at `drop` (indices). */
export function withoutRows<C extends { [K in keyof C]: unknown[] }>(columns: C, drop: readonly number[]): C {
  if (!drop.length) return columns;
  const gone = new Set(drop);
  const keep = (_: unknown, i: number) => !gone.has(i);
  return Object.fromEntries(Object.entries<unknown[]>(columns).map(([k, v]) => [k, v.filter(keep)])) as C;
}
