import { useEffect, useRef } from 'react';
import type { ImageRecord, LabelInfo } from '../../../shared/types';
import { useApi } from '../../app/api-context';
import { hasChannel } from '../../app/client';
import { SimilarImages } from '../lookalikes/SimilarImages';

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Images smaller than this (px, longest side) are shown with crisp pixels when enlarged. */
const LIGHTBOX_CRISP_BELOW = 256;

interface Props {
  image: ImageRecord | undefined;
  index: number;
  total: number;
  labels: LabelInfo[];
  onClose(): void;
  onStep(delta: number): void;
  /** Shows these images in the grid ("More like this" → Show in grid). */
  onShowInGrid?(imageIds: number[]): void;
}

/** The full image with its metadata; ←/→ step through the grid, Esc closes. */
export function Lightbox({ image, index, total, labels, onClose, onStep, onShowInGrid }: Props) {
  const api = useApi();
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), []);
  const label = image?.labelId != null ? labels.find((l) => l.id === image.labelId) : undefined;
  return (
    <div className="lightbox" role="dialog" aria-modal="true" aria-label={image ? `Image ${image.relPath}` : 'Image'}>
      <div className="lightbox-image">
        {image && (
          <img
            src={api.mediaUrl('full', image.datasetId, image.relPath, image.hash.slice(0, 12))}
            alt={image.relPath}
            className={Math.max(image.width, image.height) < LIGHTBOX_CRISP_BELOW ? 'pixelated' : undefined}
          />
        )}
        <button className="lightbox-nav prev" aria-label="Previous image (←)" onClick={() => onStep(-1)} disabled={index <= 0}>
          ‹
        </button>
        <button className="lightbox-nav next" aria-label="Next image (→)" onClick={() => onStep(1)} disabled={index >= total - 1}>
          ›
        </button>
      </div>
      <aside className="lightbox-meta">
        <div className="lightbox-head">
          <span className="muted mono">
            {index + 1} / {total.toLocaleString()}
          </span>
          <button ref={closeButton} className="icon-button" aria-label="Close (Esc)" onClick={onClose}>
            ×
          </button>
        </div>
        {image ? (
          <dl>
            <dt>File</dt>
            <dd className="mono break">{image.relPath}</dd>
            <dt>Label</dt>
            <dd>
              {label ? (
                <span className="chip">
                  <span className="swatch" style={{ background: label.color }} />
                  {label.name}
                </span>
              ) : (
                <span className="muted">Unlabeled</span>
              )}
            </dd>
            <dt>Split</dt>
            <dd>{image.split ?? <span className="muted">none</span>}</dd>
            <dt>Size</dt>
            <dd>
              {image.width} × {image.height} · {image.format.toUpperCase()} · {formatBytes(image.bytes)}
            </dd>
            <dt>Status</dt>
            <dd>{image.status}</dd>
            {image.duplicateOf !== null && (
              <>
                <dt>Duplicate of</dt>
                <dd>image #{image.duplicateOf}</dd>
              </>
            )}
            <dt>SHA-256</dt>
            <dd className="mono break muted">{image.hash}</dd>
          </dl>
        ) : (
          <p className="muted">Loading…</p>
        )}
        {image && hasChannel('data.similar') && <SimilarImages datasetId={image.datasetId} imageId={image.id} title="More like this" k={12} onOpenInGrid={onShowInGrid} />}
        <p className="hint">
          <kbd>←</kbd> <kbd>→</kbd> navigate · <kbd>Esc</kbd> close
        </p>
      </aside>
    </div>
  );
}
