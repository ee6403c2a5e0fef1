import type { KnownModelInfo } from '../../../shared/api/model';
import { bytes, params } from './format';

interface Props {
  known: KnownModelInfo[];
  value: string;
  onChange(model: string): void;
  disabled: boolean;
  /** Electron: opens a native folder dialog; null elsewhere (type the path). */
  onBrowse: (() => void) | null;
}

/** Known checkpoints (size, download cost, cached) as a radio list, or any hub id / local folder. */
export function ModelPicker({ known, value, onChange, disabled, onBrowse }: Props) {
  const isKnown = known.some((m) => m.id === value);
  return (
    <fieldset className="model-picker" disabled={disabled}>
      <legend>Pretrained model</legend>
      <div role="radiogroup" aria-label="Pretrained model" className="model-list">
        {known.map((m) => (
          <label key={m.id} className={`model-option${value === m.id ? ' checked' : ''}`}>
            <input type="radio" name="model" value={m.id} checked={value === m.id} onChange={() => onChange(m.id)} />
            <span className="model-text">
              <span className="model-title">
                {m.title}
                <span className="model-meta small muted">
                  {params(m.params)} params · {m.cached ? <span className="badge ok">cached</span> : `${bytes(m.downloadBytes)} download`}
                </span>
              </span>
              <span className="mono small muted" title={m.description}>
                {m.id}
              </span>
            </span>
          </label>
        ))}
        <label className={`model-option${!isKnown ? ' checked' : ''}`}>
          <input type="radio" name="model" checked={!isKnown} onChange={() => isKnown && onChange('')} />
          <span className="model-text grow">
            <span className="model-title">Other hub id or local folder</span>
            <span className="custom-model">
              <input
                type="text"
                className="mono grow"
                aria-label="Hub id or model folder"
                placeholder="org/model or /path/to/checkpoint"
                value={isKnown ? '' : value}
                onFocus={() => isKnown && onChange('')}
                onChange={(e) => onChange(e.target.value)}
                spellCheck={false}
              />
              {onBrowse && (
                <button type="button" onClick={onBrowse}>
                  Folder…
                </button>
              )}
            </span>
          </span>
        </label>
      </div>
    </fieldset>
  );
}
