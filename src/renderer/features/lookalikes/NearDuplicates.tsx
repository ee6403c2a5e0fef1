import { useEffect, useState } from 'react';
import { DEFAULT_NEAR_DUPLICATE_THRESHOLD, type NearDuplicateGroup } from '../../../shared/api/data';
import { useApi } from '../../app/api-context';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { invoke } from '../../app/client';
import { handOffToGrid } from '../../app/grid-handoff';
import type { ScreenProps } from '../../app/screen';
import { AnalysisGate } from '../data/AnalysisGate';
import { useAnalysis } from '../data/use-analysis';
import { similarityText } from './SimilarImages';

/** A group chained from thousands of look-alikes shows its first images; the grid shows all. */
const SHOWN_PER_GROUP = 24;

interface Props extends Pick<ScreenProps, 'notify' | 'openDataset'> {
  datasetId: number;
}

/**
 * Near-duplicate groups (features at least T similar, not only identical files), largest
 * similarity first; groups spanning train and val/test are flagged as leakage. "Keep one"
 * leaves the other images of a group out of the dataset (their files stay where they are).
 */
export function NearDuplicates({ datasetId, notify, openDataset }: Props) {
  const [slider, setSlider] = useState(DEFAULT_NEAR_DUPLICATE_THRESHOLD * 100);
  const [threshold, setThreshold] = useState(DEFAULT_NEAR_DUPLICATE_THRESHOLD);
  const [leakageOnly, setLeakageOnly] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setThreshold(slider / 100), 300);
    return () => clearTimeout(t);
  }, [slider]);
  const view = useAnalysis('data.nearDuplicates', { datasetId, threshold, leakageOnly, limit: 100 });
  return (
    <div className="near-duplicates">
      <div className="bulk-row">
        <label className="field-inline">
          Similarity at least
          <input type="range" min={85} max={99.9} step={0.1} value={slider} onChange={(e) => setSlider(Number(e.target.value))} aria-label="Similarity threshold" />
          <span className="mono">{slider.toFixed(1)} %</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={leakageOnly} onChange={(e) => setLeakageOnly(e.target.checked)} />
          Only groups across splits (leakage)
        </label>
      </div>
      <AnalysisGate view={view} title="Comparing every image with every other">
        {(result) => (
          <>
            <p className="small muted review-summary">
              {result.total.toLocaleString()} group{result.total === 1 ? '' : 's'} · {result.imagesInGroups.toLocaleString()} images ·{' '}
              {result.leakageGroups > 0 ? (
                <span className="error">{result.leakageGroups.toLocaleString()} across train and val/test: they make test accuracy look better than it is</span>
              ) : (
                'none across splits'
              )}
              {result.notes.length > 0 && ` · ${result.notes.join(' ')}`}
            </p>
            {result.groups.length === 0 ? (
              <p className="analysis-message">
                No {leakageOnly ? 'near-duplicates across splits' : 'near-duplicates'} at {Math.round(result.threshold * 1000) / 10} % similarity.
              </p>
            ) : (
              <ul className="dup-groups">
                {result.groups.map((g) => (
                  <DuplicateGroupRow
                    key={g.images.map((i) => i.imageId).join('-')}
                    datasetId={datasetId}
                    group={g}
                    notify={notify}
                    onReload={view.reload}
                    onOpen={() => {
                      handOffToGrid({ datasetId, imageIds: g.images.map((i) => i.imageId), title: 'of a near-duplicate group' });
                      openDataset(datasetId, 'browse');
                    }}
                  />
                ))}
              </ul>
            )}
          </>
        )}
      </AnalysisGate>
    </div>
  );
}

function DuplicateGroupRow({ datasetId, group, notify, onReload, onOpen }: { datasetId: number; group: NearDuplicateGroup; notify: Props['notify']; onReload(): void; onOpen(): void }) {
  const api = useApi();
  const [keep, setKeep] = useState(group.images[0]!.imageId);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const others = group.images.length - 1;
  async function keepOne() {
    setAsking(false);
    setBusy(true);
    try {
      const others = group.images.filter((i) => i.imageId !== keep).map((i) => i.imageId);
      const r = await invoke(api, 'images.setExcluded', { imageIds: others, excluded: true });
      notify(`Kept one; left ${r.updated} look-alike${r.updated === 1 ? '' : 's'} out of the dataset (files untouched).`);
      onReload();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  }
  return (
    <li className={`dup-group${group.leakage ? ' leakage' : ''}`}>
      <div className="dup-head">
        <span className="mono small">{Math.round(group.minSimilarity * 1000) / 10}–{Math.round(group.maxSimilarity * 1000) / 10} %</span>
        {group.leakage && <span className="badge danger">leakage: {group.splits.join(' + ')}</span>}
        {group.labelConflict && <span className="badge warn">different labels</span>}
        <span className="grow" />
        <button onClick={onOpen}>Open in grid</button>
        <button onClick={() => (others > 1 ? setAsking(true) : void keepOne())} disabled={busy}>
          Keep the chosen one
        </button>
      </div>
      {asking && (
        <ConfirmDialog title={`Keep one of ${group.images.length} look-alikes?`} confirmText={`Leave ${others} out`} danger onConfirm={() => void keepOne()} onCancel={() => setAsking(false)}>
          The other {others} images leave the dataset (labels, splits, training). Their files stay where they are.
        </ConfirmDialog>
      )}
      <ul className="dup-images" role="radiogroup" aria-label="Image to keep">
        {group.images.slice(0, SHOWN_PER_GROUP).map((img, i) => (
          <li key={img.imageId}>
            <button
              role="radio"
              aria-checked={keep === img.imageId}
              className="dup-image"
              onClick={() => setKeep(img.imageId)}
              title={i > 0 ? `${img.relPath} — ${similarityText(img.similarity)} similar to the first image` : img.relPath}
            >
              <img src={api.mediaUrl('thumb', datasetId, img.relPath)} alt={img.relPath} loading="lazy" />
              <span className="small">
                {img.label ?? 'unlabeled'} · {img.split ?? 'no split'}
              </span>
              {/* Each look-alike's similarity to the group's first image (the one the group is made around). */}
              {i > 0 && <span className="small mono muted">{similarityText(img.similarity)} alike</span>}
            </button>
          </li>
        ))}
        {group.images.length > SHOWN_PER_GROUP && (
          <li className="dup-more">
            <button className="link-button" onClick={onOpen}>
              and {(group.images.length - SHOWN_PER_GROUP).toLocaleString()} more: open in grid
            </button>
          </li>
        )}
      </ul>
    </li>
  );
}
