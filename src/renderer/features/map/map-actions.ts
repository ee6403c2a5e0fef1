import type { Action } from '../../app/actions';
import type { MapTool } from './MapCanvas';

/** What the map's actions act on (built fresh by MapView on every render). */
export interface MapContext {
  tool: MapTool;
  setTool(tool: MapTool): void;
  goHome(): void;
  selected: number;
  clearSelection(): void;
  openInGrid(): void;
  openPicker(): void;
}

export const mapActions: readonly Action<MapContext>[] = [
  { name: 'map.lasso', label: 'Lasso', keys: ['s'], perform: (c) => c.setTool(c.tool === 'lasso' ? 'pan' : 'lasso') },
  { name: 'map.pan', label: 'Pan', keys: ['h'], perform: (c) => c.setTool('pan') },
  { name: 'map.home', label: 'Whole map', keys: ['0'], perform: (c) => c.goHome() },
  { name: 'map.label', label: 'Label these…', keys: ['l', '/'], enabled: (c) => c.selected > 0, perform: (c) => c.openPicker() },
  { name: 'map.grid', label: 'Open in grid', keys: ['g'], enabled: (c) => c.selected > 0, perform: (c) => c.openInGrid() },
  { name: 'map.clear', label: 'Clear selection', keys: ['Escape'], enabled: (c) => c.selected > 0, perform: (c) => c.clearSelection() },
];
