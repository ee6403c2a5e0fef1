import type { ImageFilter } from './image-collection';

const SPLITS: { value: string; text: string }[] = [
  { value: 'any', text: 'Any' },
  { value: 'train', text: 'Train' },
  { value: 'val', text: 'Val' },
  { value: 'test', text: 'Test' },
  { value: 'none', text: 'None' },
];

/** Split, duplicates and missing-file filters (the label filter is the label list above). */
export function FilterPanel({
  filter,
  onChange,
  skippedCount,
  onShowSkipped,
}: {
  filter: ImageFilter;
  onChange(update: (f: ImageFilter) => ImageFilter): void;
  skippedCount: number;
  onShowSkipped(): void;
}) {
  const splitValue = filter.split === undefined ? 'any' : filter.split === null ? 'none' : filter.split;
  return (
    <div className="filter-panel">
      <h3 className="sidebar-title">Split</h3>
      <div className="segmented" role="radiogroup" aria-label="Split filter">
        {SPLITS.map((s) => (
          <button
            key={s.value}
            role="radio"
            aria-checked={splitValue === s.value}
            onClick={() =>
              onChange((f) => ({ ...f, split: s.value === 'any' ? undefined : s.value === 'none' ? null : (s.value as 'train' | 'val' | 'test') }))
            }
          >
            {s.text}
          </button>
        ))}
      </div>
      <h3 className="sidebar-title">Show only</h3>
      <label className="check">
        <input type="checkbox" checked={!!filter.duplicatesOnly} onChange={(e) => onChange((f) => ({ ...f, duplicatesOnly: e.target.checked || undefined }))} />
        Duplicates
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={filter.status === 'missing'}
          onChange={(e) => onChange((f) => ({ ...f, status: e.target.checked ? 'missing' : undefined }))}
        />
        Missing files
      </label>
      {skippedCount > 0 && (
        <button className="link-button" onClick={onShowSkipped}>
          Skipped files ({skippedCount}) — why?
        </button>
      )}
    </div>
  );
}
