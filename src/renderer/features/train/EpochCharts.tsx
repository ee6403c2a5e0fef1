import type { RunEpoch } from '../../../shared/api/runs';
import type { Series } from './chart-scale';
import { LineChart } from './LineChart';

export interface RunCurves {
  /** Shown in legends when several runs are overlaid, e.g. "#3". */
  name: string;
  epochs: RunEpoch[];
  /** Colours of this run's lines (train, val). */
  colors?: [string, string];
}

const DEFAULT_COLORS: [string, string] = ['var(--train)', 'var(--val)'];

function seriesOf(runs: RunCurves[], pick: (e: RunEpoch) => [number | null, number | null]): Series[] {
  const prefix = runs.length > 1;
  return runs.flatMap((r) => {
    const [ct, cv] = r.colors ?? DEFAULT_COLORS;
    return [
      { name: `${prefix ? `${r.name} ` : ''}train`, color: ct, points: r.epochs.map((e) => ({ x: e.epoch, y: pick(e)[0] })) },
      { name: `${prefix ? `${r.name} ` : ''}validation`, color: cv, dashed: true, points: r.epochs.map((e) => ({ x: e.epoch, y: pick(e)[1] })) },
    ];
  });
}

/** Loss and accuracy per epoch, train (solid) and validation (dashed), for one run or several overlaid. */
export function EpochCharts({ runs, logLoss = false }: { runs: RunCurves[]; logLoss?: boolean }) {
  return (
    <div className="charts">
      <LineChart title="Loss" series={seriesOf(runs, (e) => [e.trainLoss, e.valLoss])} log={logLoss} />
      <LineChart
        title="Accuracy"
        series={seriesOf(runs, (e) => [e.trainAcc, e.valAcc])}
        yDomain={[0, 1]}
        yFormat={(v) => `${Math.round(v * 100)}%`}
      />
    </div>
  );
}
