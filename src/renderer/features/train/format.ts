// Formatting shared by the training screens (pure).

export function percent(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`;
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 1) return '< 1 s';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export { formatBytes as bytes, formatParams as params } from '../../../shared/format';

/** A run date in the user's locale, short. */
export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The last path segment of a model folder, or the hub id as is. */
export function modelName(model: string): string {
  if (/^[\w.-]+\/[\w.-]+(@[\w.-]+)?$/.test(model)) return model;
  const parts = model.split(/[\\/]/).filter(Boolean);
  return parts.length ? `…/${parts[parts.length - 1]}` : model;
}
