import { percent } from '../train/format';
import { topConfusions } from './confusion-layout';

interface Props {
  confusion: number[][];
  labels: { id: number; name: string }[];
  active: { trueId: number; predId: number } | null;
  onCell(trueId: number, predId: number): void;
}

/** The most-confused pairs, named in full (what a 37-class matrix cannot print); a click opens their images. */
export function TopConfusions({ confusion, labels, active, onCell }: Props) {
  const pairs = topConfusions(confusion, 8);
  if (pairs.length === 0) return <p className="muted small">No test image was misclassified.</p>;
  return (
    <ol className="top-confusions" aria-label="Most confused pairs">
      {pairs.map((c) => {
        const t = labels[c.t]!;
        const p = labels[c.p]!;
        const isActive = active?.trueId === t.id && active.predId === p.id;
        return (
          <li key={`${c.t}-${c.p}`}>
            <button type="button" className="confusion-pair" aria-pressed={isActive} onClick={() => onCell(t.id, p.id)} title={`Show the ${c.count} ${t.name} images predicted as ${p.name}`}>
              <span className="pair-names">
                {t.name} <span className="muted">→</span> {p.name}
              </span>
              <span className="mono">{c.count}</span>
              <span className="mono muted">{percent(c.share, 0)}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
