import { useEffect } from 'react';
import type { ScreenProps } from '../../app/screen';
import { AnalysisGate } from '../data/AnalysisGate';
import { useAnalysis } from '../data/use-analysis';
import { prewarmRenderWorker } from './map-surface';
import { MapView } from './MapView';

// The app opened on the map (a reload, a bookmark): the render worker's script is asked for as
// the app starts, ahead of the app's first requests, which keep the engine busy for a while on a
// large dataset (served one at a time, they would hold the worker, and the first frame, back).
if (typeof location !== 'undefined' && /^#\/?map\b/.test(location.hash)) prewarmRenderWorker();

/** The dataset as a map: every image a point, laid out so look-alikes sit together. */
export function MapScreen({ datasetId, notify, openDataset }: ScreenProps) {
  const view = useAnalysis('data.map', datasetId === null ? null : { datasetId });
  useEffect(prewarmRenderWorker, []);
  if (datasetId === null) return null;
  return (
    <div className="map-screen">
      <AnalysisGate view={view} title="Laying out the map">
        {(result, stale) =>
          result.count === 0 ? (
            <p className="analysis-message muted">
              {result.goneSince
                ? 'No image of this map is left: every one was deleted or left out since it was computed.'
                : (result.notes[0] ?? 'No image of this dataset has features yet, so there is nothing to place on the map.')}
            </p>
          ) : (
            <MapView key={datasetId} datasetId={datasetId} result={result} stale={stale} notify={notify} openDataset={openDataset} />
          )
        }
      </AnalysisGate>
    </div>
  );
}
