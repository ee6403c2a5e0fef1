import type { ReactNode } from 'react';

export interface ScreenProps {
  /** The dataset being worked on, or null before one is opened. */
  datasetId: number | null;
  openDataset(datasetId: number, screen?: string): void;
  notify(message: string, kind?: 'info' | 'error'): void;
}

/**
 * One screen of the app. A screen is listed when every channel in `requires` is in this build's
 * contract, so a feature appears as soon as its engine side lands.
 */
export interface ScreenDef {
  id: string;
  title: string;
  requires: readonly string[];
  needsDataset: boolean;
  render(props: ScreenProps): ReactNode;
}
