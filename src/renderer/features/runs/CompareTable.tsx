import { describeRunCompute, type RunDetail } from '../../../shared/api/runs';
import { duration, modelName, percent } from '../train/format';

interface Row {
  name: string;
  value(r: RunDetail): string;
  /** For metrics: higher is better; the better cell is marked. */
  score?(r: RunDetail): number | null;
}

const ROWS: Row[] = [
  { name: 'Test accuracy', value: (r) => percent(r.test?.accuracy), score: (r) => r.test?.accuracy ?? null },
  { name: 'Macro F1', value: (r) => percent(r.test?.macroF1), score: (r) => r.test?.macroF1 ?? null },
  { name: 'Weighted F1', value: (r) => percent(r.test?.weightedF1), score: (r) => r.test?.weightedF1 ?? null },
  { name: 'Best epoch', value: (r) => `${r.bestEpoch ?? '—'} of ${r.epochs.length}` },
  { name: 'Model', value: (r) => (r.config.fromScratch ? `from scratch (${r.config.scratch?.layers}×${r.config.scratch?.hiddenSize})` : modelName(r.config.model)) },
  { name: 'Engine', value: (r) => describeRunCompute(r.config) },
  { name: 'Epochs · lr · batch', value: (r) => `${r.config.epochs} · ${r.config.lr} · ${r.config.batchSize}` },
  { name: 'Augmentation', value: (r) => `${r.config.augment}${r.config.views ? `, ${r.config.views} views` : ''}` },
  { name: 'Early stopping · class weights', value: (r) => `${r.config.earlyStopping ?? 'off'} · ${r.config.classWeighting ? 'on' : 'off'}` },
  { name: 'Images (train/val/test)', value: (r) => `${r.images.train}/${r.images.val}/${r.images.test}` },
  { name: 'Time', value: (r) => (r.timings ? duration(r.timings.extractionSeconds + r.timings.trainingSeconds) : '—') },
];

/** Two runs' settings and metrics in columns; the better metric is marked. */
export function CompareTable({ runs, colors }: { runs: RunDetail[]; colors: string[] }) {
  return (
    <table className="compare-table">
      <thead>
        <tr>
          <th scope="col" />
          {runs.map((r, i) => (
            <th key={r.id} scope="col">
              <span className="legend-line" style={{ borderColor: colors[i] }} aria-hidden="true" /> Run #{r.id}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ROWS.map((row) => {
          const scores = row.score ? runs.map((r) => row.score!(r)) : null;
          const best = scores && scores.every((s) => s !== null) && scores[0] !== scores[1] ? scores.indexOf(Math.max(...(scores as number[]))) : -1;
          return (
            <tr key={row.name}>
              <th scope="row">{row.name}</th>
              {runs.map((r, i) => (
                <td key={r.id} className={i === best ? 'better' : undefined}>
                  {row.value(r)}
                  {i === best && <span className="sr-only"> (better)</span>}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
