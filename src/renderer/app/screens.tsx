import { hasChannel } from './client';
import type { ScreenDef } from './screen';
import { StartScreen } from '../features/start/StartScreen';
import { BrowseScreen } from '../features/browse/BrowseScreen';
import { LabelScreen } from '../features/label/LabelScreen';
import { SplitScreen } from '../features/split/SplitScreen';
import { trainingScreens } from '../features/train/training-screens';
import { dataScreens } from '../features/data/data-screens';

// Every screen, in tab order. Add one line per feature (src/renderer/features/<name>/).
const allScreens: ScreenDef[] = [
  { id: 'start', title: 'Start', requires: ['datasets.list', 'datasets.import'], needsDataset: false, render: (p) => <StartScreen {...p} /> },
  { id: 'browse', title: 'Browse', requires: ['images.query'], needsDataset: true, render: (p) => <BrowseScreen {...p} /> },
  { id: 'label', title: 'Label', requires: ['images.setLabel', 'labels.list'], needsDataset: true, render: (p) => <LabelScreen {...p} /> },
  ...dataScreens,
  { id: 'split', title: 'Split', requires: ['splits.apply', 'splits.summary'], needsDataset: true, render: (p) => <SplitScreen {...p} /> },
  ...trainingScreens,
];

export const screens: ScreenDef[] = allScreens.filter((s) => s.requires.every(hasChannel));
