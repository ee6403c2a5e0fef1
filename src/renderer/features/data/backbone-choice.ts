import { useSyncExternalStore } from 'react';

// Which backbone's features the data loop of a dataset uses in this app (Review, Label next, Map,
// look-alikes, the counts): the person's choice, remembered per dataset in localStorage, or none
// (undefined) for the engine's default, as the CLI's --model: the backbone of the dataset's most
// recent finished run, else the default model. Every screen follows a change at once.

const KEY = (datasetId: number) => `vit-studio.backbone.${datasetId}`;
const listeners = new Set<() => void>();

export function chosenBackbone(datasetId: number): string | undefined {
  try {
    return localStorage.getItem(KEY(datasetId)) ?? undefined;
  } catch {
    return undefined; // storage blocked: the default
  }
}

/** Chooses the backbone for a dataset's analyses; null goes back to the default. */
export function chooseBackbone(datasetId: number, model: string | null): void {
  try {
    if (model === null) localStorage.removeItem(KEY(datasetId));
    else localStorage.setItem(KEY(datasetId), model);
  } catch {
    // storage blocked: the choice is not kept
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The chosen backbone of a dataset (undefined: the default), kept current. */
export function useChosenBackbone(datasetId: number | null): string | undefined {
  return useSyncExternalStore(subscribe, () => (datasetId === null ? undefined : chosenBackbone(datasetId)));
}

/** A data request with the chosen backbone, unless it names one itself. */
export function withBackbone<R extends { model?: string }>(request: R, chosen: string | undefined): R {
  return request.model !== undefined || chosen === undefined ? request : { ...request, model: chosen };
}
