import { useId } from 'react';
import { extent, formatTick, linearScale, linePath, logScale, logTicks, niceTicks, type Series } from './chart-scale';
import './train.css';

interface Props {
  title: string;
  series: Series[];
  /** Fixed y domain (accuracy: [0, 1]); otherwise from the data. */
  yDomain?: [number, number];
  yFormat?: (v: number) => string;
  log?: boolean;
  width?: number;
  height?: number;
}

const M = { top: 10, right: 12, bottom: 24, left: 40 };

/** A small hand-written SVG line chart: epochs on x, one line per series, a legend, a data table for screen readers. */
export function LineChart({ title, series, yDomain, yFormat = formatTick, log = false, width = 360, height = 180 }: Props) {
  const titleId = useId();
  const xs = extent(series, 'x') ?? { min: 1, max: 2 };
  const ys = yDomain ? { min: yDomain[0], max: yDomain[1] } : (extent(series, 'y') ?? { min: 0, max: 1 });
  const xMax = Math.max(xs.max, xs.min + 1);
  const xTicks = niceTicks(xs.min, xMax, Math.min(6, xMax - xs.min + 1));
  const yAxis = yDomain ? niceTicks(ys.min, ys.max, 5) : log ? logTicks(ys.min, ys.max) : niceTicks(ys.min, ys.max, 5);
  const x = linearScale({ min: xs.min, max: xMax }, [M.left, width - M.right]);
  const y = (log && !yDomain ? logScale : linearScale)(yAxis.domain, [height - M.bottom, M.top]);
  const empty = series.every((s) => s.points.every((p) => p.y === null));

  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">
        {title}
        <span className="chart-legend">
          {series.map((s) => (
            <span key={s.name}>
              <span className={`legend-line${s.dashed ? ' dashed' : ''}`} style={{ borderColor: s.color }} aria-hidden="true" /> {s.name}
            </span>
          ))}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`${title} per epoch`} preserveAspectRatio="xMidYMid meet">
        {yAxis.ticks.map((t) => (
          <g key={`y${t}`}>
            <line className="grid-line" x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} />
            <text className="tick" x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
              {yFormat(t)}
            </text>
          </g>
        ))}
        {xTicks.ticks
          .filter((t) => Number.isInteger(t) && t >= xs.min && t <= xMax)
          .map((t) => (
            <text key={`x${t}`} className="tick" x={x(t)} y={height - M.bottom + 15} textAnchor="middle">
              {t}
            </text>
          ))}
        <line className="axis" x1={M.left} x2={width - M.right} y1={height - M.bottom} y2={height - M.bottom} />
        {series.map((s) => (
          <g key={s.name}>
            <path d={linePath(s.points, x, y)} fill="none" style={{ stroke: s.color }} strokeWidth={2} strokeDasharray={s.dashed ? '5 4' : undefined} strokeLinejoin="round" strokeLinecap="round" />
            {s.points.length <= 40 &&
              s.points.map((p) =>
                p.y === null ? null : <circle key={p.x} cx={x(p.x)} cy={y(p.y)} r={2.5} style={{ fill: s.color }} />,
              )}
          </g>
        ))}
        {empty && (
          <text className="tick" x={width / 2} y={height / 2} textAnchor="middle">
            waiting for the first epoch…
          </text>
        )}
      </svg>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th>epoch</th>
            {series.map((s) => (
              <th key={s.name}>{s.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(series[0]?.points ?? []).map((p, i) => (
            <tr key={p.x}>
              <td>{p.x}</td>
              {series.map((s) => (
                <td key={s.name}>{s.points[i]?.y === null || s.points[i] === undefined ? '—' : yFormat(s.points[i]!.y!)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
