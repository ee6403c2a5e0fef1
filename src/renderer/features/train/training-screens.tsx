import type { ScreenDef } from '../../app/screen';
import { AugmentScreen } from '../augment/AugmentScreen';
import { RunsScreen } from '../runs/RunsScreen';
import { ResultsScreen } from '../results/ResultsScreen';
import { TrainScreen } from './TrainScreen';

/** The training side of the app, in tab order after Split (registered in app/screens.tsx). */
export const trainingScreens: ScreenDef[] = [
  { id: 'augment', title: 'Augment', requires: ['augment.preview', 'images.query'], needsDataset: true, render: (p) => <AugmentScreen {...p} /> },
  { id: 'train', title: 'Train', requires: ['train.start', 'train.cancel', 'runs.get', 'model.known'], needsDataset: true, render: (p) => <TrainScreen {...p} /> },
  { id: 'runs', title: 'Runs', requires: ['runs.list', 'runs.get'], needsDataset: true, render: (p) => <RunsScreen {...p} /> },
  { id: 'results', title: 'Results', requires: ['runs.get', 'runs.predictions', 'labels.list', 'train.rerun'], needsDataset: true, render: (p) => <ResultsScreen {...p} /> },
];
