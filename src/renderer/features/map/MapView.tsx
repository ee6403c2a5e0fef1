import { useCallback, useMemo, useRef, useState } from 'react';
import type { MapResult } from '../../../shared/api/data';
import { ActionButton } from '../../app/ActionButton';
import { actionNamed } from '../../app/actions';
import { useApi, useLoad } from '../../app/api-context';
import { invoke } from '../../app/client';
import { handOffToGrid } from '../../app/grid-handoff';
import type { ScreenProps } from '../../app/screen';
import { useScopedActionKeys } from '../../app/use-scoped-action-keys';
import { useFocusOnMount } from '../data/use-focus-on-mount';
import { useLabelCommands } from '../browse/use-label-commands';
import { LabelPicker } from '../label/LabelPicker';
import { mapActions, type MapContext } from './map-actions';
import { colorPoints, COLOR_MODES, type ColorMode } from './map-colors';
import { MapCanvas, type HoverHit, type MapTool } from './MapCanvas';
import { MapHoverLayer } from './MapHover';

interface Props extends Pick<ScreenProps, 'notify' | 'openDataset'> {
  datasetId: number;
  result: MapResult;
  stale: boolean;
}

/** The map with its colour modes, legend, hover card and what a lasso selection can do. */
export function MapView({ datasetId, result, stale, notify, openDataset }: Props) {
  const api = useApi();
  const [mode, setMode] = useState<ColorMode>('label');
  const [tool, setTool] = useState<MapTool>('pan');
  const [home, setHome] = useState(0);
  // Hovering goes straight to the hover layer: it never re-renders this screen.
  const showHover = useRef<((hit: HoverHit | null) => void) | null>(null);
  const onHover = useCallback((hit: HoverHit | null) => showHover.current?.(hit), []);
  const [selected, setSelected] = useState<number[]>([]);
  const [picker, setPicker] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  // The labels (for the picker) are asked for once the map is on the screen: with 100,000 images
  // the query keeps the engine busy for a while, and the first frame does not need them.
  const [drawn, setDrawn] = useState(false);
  const onFirstFrame = useCallback(() => setDrawn(true), []);
  const labels = useLoad(() => (drawn ? invoke(api, 'labels.list', { datasetId }) : Promise.resolve(undefined)), [api, datasetId, drawn]);
  const { assignLabel } = useLabelCommands({ datasetId, labels: labels.data ?? [], targetIds: () => selected, notify, refresh: labels.reload });

  const xy = useMemo(() => {
    const out = new Float32Array(result.count * 2);
    for (let i = 0; i < result.count; i++) {
      out[2 * i] = result.x[i]!;
      out[2 * i + 1] = result.y[i]!;
    }
    return out;
  }, [result.count, result.x, result.y]);
  // Only a selection needs image id → point; not built for the first frame.
  const indexOfId = useMemo(() => (selected.length ? new Map(result.imageIds.map((id, i) => [id, i])) : null), [selected.length > 0, result.imageIds]);
  const mask = useMemo(() => {
    if (selected.length === 0 || !indexOfId) return null;
    const m = new Uint8Array(result.count);
    for (const id of selected) {
      const i = indexOfId.get(id);
      if (i !== undefined) m[i] = 1;
    }
    return m;
  }, [selected, indexOfId, result.count]);
  const effectiveMode = result.predictions === 'missing' && COLOR_MODES.find((m) => m.value === mode)?.needsPredictions ? 'label' : mode;
  const { rgba, legend } = useMemo(() => colorPoints(result, effectiveMode, mask), [result, effectiveMode, mask]);
  const labelName = useMemo(() => new Map(result.labels.map((l) => [l.id, l.name])), [result.labels]);

  const onLasso = useCallback(
    (indices: number[], additive: boolean) => {
      const ids = indices.map((i) => result.imageIds[i]!);
      setSelected((prev) => (additive ? [...new Set([...prev, ...ids])] : ids));
      if (ids.length === 0) notify('The lasso caught no point: draw around a group of points.');
    },
    [result.imageIds, notify],
  );

  const ctx: MapContext = {
    tool,
    setTool,
    goHome: () => setHome((h) => h + 1),
    selected: selected.length,
    clearSelection: () => setSelected([]),
    openInGrid: () => {
      handOffToGrid({ datasetId, imageIds: selected, title: 'picked on the map' });
      openDataset(datasetId, 'browse');
    },
    openPicker: () => setPicker(true),
  };
  useFocusOnMount(root);
  useScopedActionKeys(mapActions, ctx, root);

  const onOpen = useCallback((i: number) => onLasso([i], false), [onLasso]);
  return (
    <div className="map-view" ref={root} tabIndex={-1}>
      <div className="toolbar map-toolbar" role="toolbar" aria-label="Map options">
        <label className="field-inline">
          Colour by
          <select value={effectiveMode} onChange={(e) => setMode(e.target.value as ColorMode)} aria-label="Colour by">
            {COLOR_MODES.map((m) => (
              <option key={m.value} value={m.value} disabled={m.needsPredictions && result.predictions === 'missing'}>
                {m.text}
              </option>
            ))}
          </select>
        </label>
        <ActionButton action={actionNamed(mapActions, 'map.pan')} ctx={ctx} pressed={tool === 'pan'} />
        <ActionButton action={actionNamed(mapActions, 'map.lasso')} ctx={ctx} pressed={tool === 'lasso'} />
        <ActionButton action={actionNamed(mapActions, 'map.home')} ctx={ctx} />
        <span className="muted small grow">
          {result.count.toLocaleString()} images · {result.method}
          {result.predictions === 'missing' && ' · predictions appear once the labels have been checked'}
          {result.predictions === 'stale' && ' · predictions from before the latest changes'}
          {stale && ' · updating…'}
        </span>
        <span className="muted small">Drag to pan · wheel to zoom · Shift+drag to lasso</span>
      </div>
      {result.notes.length > 0 && <p className="small muted map-notes">{result.notes.join(' ')}</p>}
      <div className="map-body">
        <MapCanvas xy={xy} rgba={rgba} tool={tool} home={home} onHover={onHover} onLasso={onLasso} onOpen={onOpen} onFirstFrame={onFirstFrame} />
        <MapHoverLayer result={result} labelName={labelName} show={showHover} />
        <ul className="map-legend" aria-label="Legend">
          {legend.map((e) => (
            <li key={e.key}>
              <span className="swatch" style={{ background: e.color }} />
              <span className="label-name">{e.name}</span>
              <span className="count">{e.count.toLocaleString()}</span>
            </li>
          ))}
        </ul>
        {selected.length > 0 && (
          <div className="map-selection" role="region" aria-label="Selection">
            <strong>{selected.length.toLocaleString()} selected</strong>
            <ActionButton action={actionNamed(mapActions, 'map.label')} ctx={ctx} className="primary" />
            <ActionButton action={actionNamed(mapActions, 'map.grid')} ctx={ctx} />
            <ActionButton action={actionNamed(mapActions, 'map.clear')} ctx={ctx} />
          </div>
        )}
      </div>
      {picker && (
        <LabelPicker
          labels={labels.data ?? []}
          initial=""
          targetCount={selected.length}
          onClose={() => setPicker(false)}
          onPick={(labelId) => {
            setPicker(false);
            void assignLabel(labelId).then(() => setSelected([]));
          }}
        />
      )}
    </div>
  );
}
