import type { ScreenDef } from '../../app/screen';
import { MapScreen } from '../map/MapScreen';
import { ReviewScreen } from '../review/ReviewScreen';
import './data.css';

/** The data loop (#12), in tab order after Label (registered in app/screens.tsx). */
export const dataScreens: ScreenDef[] = [
  {
    id: 'review',
    title: 'Review',
    requires: ['data.labelIssues', 'data.keepLabels', 'data.suggestions', 'data.summary', 'data.nearDuplicates', 'images.setLabel', 'images.setLabels', 'images.setExcluded'],
    needsDataset: true,
    render: (p) => <ReviewScreen {...p} />,
  },
  { id: 'map', title: 'Map', requires: ['data.map', 'images.get', 'images.setLabel'], needsDataset: true, render: (p) => <MapScreen {...p} /> },
];
