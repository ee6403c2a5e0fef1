// Pure geometry of the small SVG line charts (no chart library): nice axis ticks, linear scales
// and polyline paths. Kept free of React so it can be unit-tested.

export interface Series {
  name: string;
  /** CSS colour (a var(--…) is fine: it ends up in an SVG stroke attribute via style). */
  color: string;
  /** Points in data space; y null = a gap (e.g. no validation on that epoch). */
  points: { x: number; y: number | null }[];
  dashed?: boolean;
}

export interface Domain {
  min: number;
  max: number;
}

/** 1, 2 or 5 × 10^k, the smallest such step ≥ raw. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  const f = raw / base;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * base;
}

/**
 * About `count` ticks covering [min, max] on multiples of a nice step; the returned domain is
 * widened to the outer ticks so lines never leave the plot.
 */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; domain: Domain } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [0, 1], domain: { min: 0, max: 1 } };
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const step = niceStep((max - min) / Math.max(1, count - 1));
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { ticks, domain: { min: lo, max: hi } };
}

/** Ticks for a log axis: powers of ten (and 2×, 5× when the span is short) within [min, max]. */
export function logTicks(min: number, max: number): { ticks: number[]; domain: Domain } {
  const lo = Math.max(min, 1e-6);
  const hi = Math.max(max, lo * 1.0001);
  const e0 = Math.floor(Math.log10(lo));
  const e1 = Math.ceil(Math.log10(hi));
  const mults = e1 - e0 <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let e = e0; e <= e1; e++) for (const m of mults) ticks.push(Number((m * 10 ** e).toPrecision(6)));
  const domain = { min: 10 ** e0, max: 10 ** e1 };
  return { ticks: ticks.filter((t) => t >= domain.min && t <= domain.max), domain };
}

export type Scale = (v: number) => number;

export function linearScale(domain: Domain, range: [number, number]): Scale {
  const span = domain.max - domain.min || 1;
  return (v) => range[0] + ((v - domain.min) / span) * (range[1] - range[0]);
}

export function logScale(domain: Domain, range: [number, number]): Scale {
  const l0 = Math.log10(Math.max(domain.min, 1e-12));
  const l1 = Math.log10(Math.max(domain.max, 1e-12));
  const span = l1 - l0 || 1;
  return (v) => range[0] + ((Math.log10(Math.max(v, 1e-12)) - l0) / span) * (range[1] - range[0]);
}

/** "M x y L x y …" through the points, starting a new segment after every null y. */
export function linePath(points: Series['points'], x: Scale, y: Scale): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${round(x(p.x))} ${round(y(p.y))}`;
    pen = true;
  }
  return d;
}

const round = (v: number) => Math.round(v * 10) / 10;

/** The y extent of every defined point of every series, or null when there is none. */
export function extent(series: Series[], pick: 'x' | 'y'): Domain | null {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (const p of s.points) {
      const v = p[pick];
      if (v === null || !Number.isFinite(v)) continue;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return min <= max ? { min, max } : null;
}

/** Short tick label: 0.5, 12, 1.2k, 1e-3. */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return `${Number((v / 1000).toPrecision(3))}k`;
  if (a < 0.01) return v.toExponential(0);
  return String(Number(v.toPrecision(3)));
}
