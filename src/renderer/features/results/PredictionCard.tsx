import { memo } from 'react';
import type { PredictionItem } from '../../../shared/api/runs';
import type { LabelInfo } from '../../../shared/types';
import { useApi } from '../../app/api-context';

interface Props {
  item: PredictionItem;
  /** The image's label now (after a fix from the gallery), else the run's. */
  trueLabelId: number | null;
  labels: LabelInfo[];
  size: number;
  caption: number;
  focused: boolean;
  index: number;
  onFocus(index: number): void;
  onSetLabel(item: PredictionItem, labelId: number | null): void;
}

const fileName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Thumbnail, predicted vs true label, a confidence bar, ✓/✗, and a menu to fix the true label. */
export const PredictionCard = memo(function PredictionCard({ item, trueLabelId, labels, size, caption, focused, index, onFocus, onSetLabel }: Props) {
  const api = useApi();
  const trueLabel = labels.find((l) => l.id === trueLabelId);
  const predLabel = labels.find((l) => l.id === item.predictedLabelId);
  const correct = trueLabelId !== null && trueLabelId === item.predictedLabelId;
  const fixed = trueLabelId !== item.trueLabelId;
  const name = fileName(item.relPath);
  return (
    <div
      role="gridcell"
      className={`pcard ${correct ? 'correct' : 'wrong'}${focused ? ' focused' : ''}`}
      style={{ width: size, height: size + caption }}
      data-image-id={item.imageId}
      aria-label={`${name}: predicted ${item.predictedLabel} ${Math.round(item.confidence * 100)}%, true ${trueLabel?.name ?? item.trueLabel ?? 'none'}, ${correct ? 'correct' : 'wrong'}`}
      onClick={() => onFocus(index)}
    >
      <div className="thumb" style={{ height: size }}>
        <img src={api.mediaUrl('thumb', item.datasetId, item.relPath)} alt="" draggable={false} decoding="async" />
        <span className={`mark ${correct ? 'ok' : 'bad'}`} aria-hidden="true">
          {correct ? '✓' : '✗'}
        </span>
        <span className="split-tag">{item.split}</span>
      </div>
      <div className="pcard-meta" style={{ height: caption }}>
        <div className="pred-line" title={`Predicted ${item.predictedLabel} with ${(item.confidence * 100).toFixed(1)}% confidence`}>
          <span className="swatch" style={{ background: predLabel?.color ?? 'var(--muted)' }} aria-hidden="true" />
          <span className="pred-name">{item.predictedLabel}</span>
          <span className="mono conf">{Math.round(item.confidence * 100)}%</span>
        </div>
        <div className="conf-bar" aria-hidden="true">
          <span style={{ width: `${(item.confidence * 100).toFixed(1)}%` }} />
        </div>
        <label className={`true-line${fixed ? ' fixed' : ''}`} onClick={(e) => e.stopPropagation()}>
          <span className="muted">true</span>
          <select
            aria-label={`True label of ${name}`}
            value={trueLabelId ?? ''}
            onChange={(e) => onSetLabel(item, e.target.value === '' ? null : Number(e.target.value))}
            onKeyDown={(e) => e.stopPropagation()}
          >
            <option value="">(none)</option>
            {labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
});
