import { useApi } from '../../app/api-context';
import { useAnalysis } from '../data/use-analysis';

interface Props {
  datasetId: number;
  imageId: number;
  title: string;
  k: number;
  /** Only labelled look-alikes (what a review compares an image with). */
  labeledOnly?: boolean;
  /** With it, a "Show in grid" link hands the image and its look-alikes to the grid. */
  onOpenInGrid?(imageIds: number[]): void;
}

/**
 * The images whose features are most similar to one image (cosine), with label and similarity:
 * "More like this" in the lightbox, the nearest labelled images in a review.
 */
export function SimilarImages({ datasetId, imageId, title, k, labeledOnly = false, onOpenInGrid }: Props) {
  const api = useApi();
  const view = useAnalysis('data.similar', { datasetId, imageId, k, labeledOnly });
  const reply = view.reply;
  const result = reply?.result?.image.imageId === imageId ? reply.result : null;
  let message: string | null = null;
  if (view.error) message = view.error;
  else if (!reply || (reply.status === 'running' && !result)) message = 'Finding look-alikes…';
  else if (reply.status === 'failed' || reply.status === 'cancelled') message = reply.error?.message ?? 'Look-alikes are not available.';
  else if (result && result.neighbors.length === 0) message = labeledOnly ? 'No labelled look-alikes yet.' : 'No other image to compare with.';
  return (
    <section className="similar-images" aria-label={title}>
      <div className="dup-head">
        <h3 className="sidebar-title">{title}</h3>
        <span className="grow" />
        {onOpenInGrid && result && result.neighbors.length > 0 && (
          <button
            className="link-button"
            onClick={() => onOpenInGrid([imageId, ...result.neighbors.map((n) => n.imageId)])}
          >
            Show in grid
          </button>
        )}
      </div>
      {reply && <p className="small muted break" title="The backbone whose features are compared (chosen on the Review and Map screens)">by the features of {reply.model}</p>}
      {message && <p className="small muted">{message}</p>}
      {result && result.neighbors.length > 0 && (
        <ul className="neighbor-list">
          {result.neighbors.map((n) => (
            <li key={n.imageId} title={`${n.relPath} — similarity ${n.similarity.toFixed(3)}`}>
              <img src={api.mediaUrl('thumb', datasetId, n.relPath)} alt={n.relPath} loading="lazy" />
              <span className="neighbor-label">{n.label ?? 'unlabeled'}</span>
              <span className="neighbor-sim mono">{similarityText(n.similarity)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Cosine similarity as a percentage; near-copies keep a decimal (99.6 %, not 100 %). */
export function similarityText(similarity: number): string {
  const p = similarity * 100;
  return `${p >= 99 && p < 100 ? p.toFixed(1) : Math.round(p)} %`;
}
