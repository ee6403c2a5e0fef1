import { useEffect, useSyncExternalStore } from 'react';
import { useApi } from '../../app/api-context';
import { invoke, type ApiClient } from '../../app/client';

// Which backbone's features the data loop of a dataset uses in the app (Review, Label next, Map,
// look-alikes, the counts): the person's choice, kept in the workspace (data.backbone /
// data.chooseBackbone), so the desktop app and `serve` in any browser agree on it; or none for the
// engine's default, as the CLI's --model: the backbone of the dataset's most recent finished run,
// else the default model. Every screen, in every window, follows a change at once
// ('backbone-chosen' events). A choice an earlier version kept in this browser's localStorage is
// moved into the workspace the first time the dataset's choice is read, unless it has one already.

const LEGACY_KEY = (datasetId: number) => `vit-studio.backbone.${datasetId}`;

/** null: the default; undefined: not known yet (being read from the engine). */
export type Choice = string | null | undefined;

/** The choices of one engine (one ApiClient), read once per dataset and kept current by events. */
export class BackboneChoices {
  private readonly known = new Map<number, string | null>();
  private readonly reading = new Set<number>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: ApiClient) {
    api.onEvent((e) => e.type === 'backbone-chosen' && this.set(e.datasetId, e.model));
  }

  get(datasetId: number): Choice {
    return this.known.get(datasetId);
  }

  /** Reads the dataset's choice from the engine (once), moving a localStorage one there first. */
  load(datasetId: number): void {
    if (this.known.has(datasetId) || this.reading.has(datasetId)) return;
    this.reading.add(datasetId);
    void this.read(datasetId)
      .catch(() => null) // unreachable engine: the default, as before a choice
      .then((model) => {
        this.reading.delete(datasetId);
        if (!this.known.has(datasetId)) this.set(datasetId, model);
      });
  }

  private async read(datasetId: number): Promise<string | null> {
    const { model } = await invoke(this.api, 'data.backbone', { datasetId });
    const legacy = readLegacy(datasetId);
    if (legacy === null) return model;
    const kept = model ?? (await invoke(this.api, 'data.chooseBackbone', { datasetId, model: legacy })).model;
    forgetLegacy(datasetId);
    return kept;
  }

  /** Chooses a backbone for the dataset (null: the default); shown at once, kept by the engine. */
  async choose(datasetId: number, model: string | null): Promise<void> {
    const before = this.known.get(datasetId);
    this.set(datasetId, model);
    try {
      this.set(datasetId, (await invoke(this.api, 'data.chooseBackbone', { datasetId, model })).model);
    } catch (e) {
      this.set(datasetId, before ?? null);
      throw e;
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(datasetId: number, model: string | null): void {
    if (this.known.get(datasetId) === model && this.known.has(datasetId)) return;
    this.known.set(datasetId, model);
    for (const l of this.listeners) l();
  }
}

function readLegacy(datasetId: number): string | null {
  try {
    return localStorage.getItem(LEGACY_KEY(datasetId));
  } catch {
    return null; // storage blocked: nothing to move
  }
}

function forgetLegacy(datasetId: number): void {
  try {
    localStorage.removeItem(LEGACY_KEY(datasetId));
  } catch {
    // storage blocked: nothing was read from it either
  }
}

const stores = new WeakMap<ApiClient, BackboneChoices>();

/** The choices of this engine connection (one store per client, shared by every screen). */
export function backboneChoices(api: ApiClient): BackboneChoices {
  let s = stores.get(api);
  if (!s) stores.set(api, (s = new BackboneChoices(api)));
  return s;
}

/** The chosen backbone of a dataset (null: the default; undefined while it is being read), kept current. */
export function useChosenBackbone(datasetId: number | null): Choice {
  const store = backboneChoices(useApi());
  useEffect(() => void (datasetId !== null && store.load(datasetId)), [store, datasetId]);
  return useSyncExternalStore(store.subscribe, () => (datasetId === null ? null : store.get(datasetId)));
}

/** A data request with the chosen backbone, unless it names one itself. */
export function withBackbone<R extends { model?: string }>(request: R, chosen: string | null | undefined): R {
  return request.model !== undefined || chosen == null ? request : { ...request, model: chosen };
}
