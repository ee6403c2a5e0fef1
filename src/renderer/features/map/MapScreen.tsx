import { useEffect } from 'react';
import type { ScreenProps } from '../../app/screen';
import { AnalysisGate } from '../data/AnalysisGate';
import { useAnalysis } from '../data/use-analysis';
import { prewarmRenderWorker } from './map-surface';
import { MapView } from './MapView';

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
              {result.notes[0] ?? 'No image of this dataset has features yet, so there is nothing to place on the map.'}
            </p>
          ) : (
            <MapView key={datasetId} datasetId={datasetId} result={result} stale={stale} notify={notify} openDataset={openDataset} />
          )
        }
      </AnalysisGate>
    </div>
  );
}
