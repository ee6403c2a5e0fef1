import type { ScreenDef } from '../../app/screen';
import { MapScreen } from '../map/MapScreen';
import './data.css';

/** The data loop (#12), in tab order after Label (registered in app/screens.tsx). */
export const dataScreens: ScreenDef[] = [
  { id: 'map', title: 'Map', requires: ['data.map', 'images.get', 'images.setLabel'], needsDataset: true, render: (p) => <MapScreen {...p} /> },
];
