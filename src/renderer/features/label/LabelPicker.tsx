import { useEffect, useMemo, useRef, useState } from 'react';
import type { LabelInfo } from '../../../shared/types';
import { pickerMatches } from './label-keys';
import './label.css';

interface Props {
  labels: readonly LabelInfo[];
  /** Text already typed when the picker opened (a digit in picker mode). */
  initial: string;
  /** How many images the choice applies to. */
  targetCount: number;
  onPick(labelId: number): void;
  onClose(): void;
}

/**
 * The type-ahead label picker: type a few letters of a label, ↑/↓ to choose among the matches,
 * Enter assigns, Esc closes. Reaches every label, whatever their number (37 breeds, 100 classes).
 */
export function LabelPicker({ labels, initial, targetCount, onPick, onClose }: Props) {
  const [typed, setTyped] = useState(initial);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => pickerMatches(labels, typed), [labels, typed]);
  useEffect(() => {
    const el = input.current;
    el?.focus();
    el?.setSelectionRange(el.value.length, el.value.length);
  }, []);
  useEffect(() => setActive(0), [typed]);
  const chosen = matches[Math.min(active, matches.length - 1)];

  function onKeyDown(e: React.KeyboardEvent) {
    e.stopPropagation(); // the grid's keys do not fire while the picker has the focus
    if (e.key === 'Escape') return e.preventDefault(), onClose();
    if (e.key === 'ArrowDown') return e.preventDefault(), setActive((a) => Math.min(matches.length - 1, a + 1));
    if (e.key === 'ArrowUp') return e.preventDefault(), setActive((a) => Math.max(0, a - 1));
    if (e.key === 'Enter') {
      e.preventDefault();
      if (chosen) onPick(chosen.id);
    }
  }

  return (
    <div className="backdrop picker-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog label-picker" role="dialog" aria-modal="true" aria-label="Pick a label">
        <p className="muted small">
          Label {targetCount.toLocaleString()} image{targetCount === 1 ? '' : 's'} as…
        </p>
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls="label-picker-list"
          aria-activedescendant={chosen ? `label-pick-${chosen.id}` : undefined}
          aria-label="Label name"
          placeholder="Type a few letters, Enter"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={(e) => !e.currentTarget.closest('.label-picker')?.contains(e.relatedTarget as Node) && onClose()}
        />
        <ul id="label-picker-list" role="listbox" aria-label="Matching labels" className="picker-list">
          {matches.map((l) => (
            <li
              key={l.id}
              id={`label-pick-${l.id}`}
              role="option"
              aria-selected={l.id === chosen?.id}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onPick(l.id)}
            >
              <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
              <span className="label-name">{l.name}</span>
              <span className="count">{l.count.toLocaleString()}</span>
            </li>
          ))}
          {matches.length === 0 && <li className="muted">No label matches “{typed}”.</li>}
        </ul>
      </div>
    </div>
  );
}
