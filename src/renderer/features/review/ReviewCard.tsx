import type { ReactNode } from 'react';
import type { DataImage } from '../../../shared/api/data';
import { useApi } from '../../app/api-context';
import { SimilarImages } from '../lookalikes/SimilarImages';

interface Props {
  datasetId: number;
  image: DataImage;
  /** Position line: "3 of 57". */
  position: string;
  /** Given and suggested labels, confidences: what the person decides on. */
  facts: ReactNode;
  /** The action buttons. */
  actions: ReactNode;
}

/** One image of a review queue, large, with what the model says and its labelled look-alikes. */
export function ReviewCard({ datasetId, image, position, facts, actions }: Props) {
  const api = useApi();
  return (
    <div className="review-card">
      <figure className="review-image">
        <img src={api.mediaUrl('full', datasetId, image.relPath)} alt={image.relPath} />
        <figcaption className="mono small muted break">{image.relPath}</figcaption>
      </figure>
      <aside className="review-side">
        <div className="muted small">{position}</div>
        <div className="review-facts">{facts}</div>
        <div className="review-actions">{actions}</div>
        <SimilarImages datasetId={datasetId} imageId={image.imageId} title="Nearest labelled images" k={8} labeledOnly />
      </aside>
    </div>
  );
}

/** A label with its colour swatch. */
export function LabelChip({ name, color, extra }: { name: string; color?: string; extra?: string }) {
  return (
    <span className="chip">
      {color && <span className="swatch" style={{ background: color }} />}
      {name}
      {extra && <span className="muted mono">{extra}</span>}
    </span>
  );
}

export const percent = (p: number) => `${Math.round(p * 100)} %`;
