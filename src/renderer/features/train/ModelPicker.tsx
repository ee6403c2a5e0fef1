import type { CachedModelInfo, KnownModelInfo } from '../../../shared/api/model';
import { FAMILY_NAMES } from '../../../shared/model/families';
import { bytes, params } from './format';
import { ModelCheckLine } from './ModelCheckLine';

interface Props {
  known: KnownModelInfo[];
  /** Hub models already in the local cache (usable offline). */
  cached: CachedModelInfo[];
  value: string;
  onChange(model: string): void;
  disabled: boolean;
  /** Electron: opens a native folder dialog; null elsewhere (type the path). */
  onBrowse: (() => void) | null;
}

/**
 * Known checkpoints (one line each: family, size, and "cached" or the download size; the chosen one
 * also says what it is good for), the other hub
 * models already in the local cache, or any hub id / local folder, checked as it is typed.
 */
export function ModelPicker({ known, cached, value, onChange, disabled, onBrowse }: Props) {
  const isKnown = known.some((m) => m.id === value);
  const otherCached = cached.filter((c) => !c.known);
  const isOtherCached = otherCached.some((c) => c.id === value);
  const typed = !isKnown && !isOtherCached;
  return (
    <fieldset className="model-picker" disabled={disabled}>
      <legend>Pretrained model</legend>
      <div role="radiogroup" aria-label="Pretrained model" className="model-list">
        {known.map((m) => (
          <label key={m.id} className={`model-option${value === m.id ? ' checked' : ''}`} title={`${m.id}\n${m.description}`}>
            <input type="radio" name="model" value={m.id} checked={value === m.id} onChange={() => onChange(m.id)} />
            <span className="model-text">
              <span className="model-title">
                {m.title}
                <span className="model-meta small muted">
                  {FAMILY_NAMES[m.family]} · {params(m.params)} · {m.cached ? <span className="badge ok">cached</span> : `${bytes(m.downloadBytes)} download`}
                </span>
              </span>
              {value === m.id && <span className="model-desc small muted">{m.description}</span>}
            </span>
          </label>
        ))}
        {otherCached.length > 0 && (
          <div className="model-group muted small" id="cached-models-title">
            Also downloaded (usable offline)
          </div>
        )}
        {otherCached.map((m) => (
          <label key={m.id} className={`model-option${value === m.id ? ' checked' : ''}`} title={m.folder}>
            <input type="radio" name="model" value={m.id} checked={value === m.id} onChange={() => onChange(m.id)} />
            <span className="model-title">
              <span className="mono">{m.id}</span>
              <span className="model-meta small muted">
                {m.modelType ?? '?'} · {bytes(m.bytes)} · <span className="badge ok">cached</span>
              </span>
            </span>
          </label>
        ))}
        <label className={`model-option${typed ? ' checked' : ''}`}>
          <input type="radio" name="model" checked={typed} onChange={() => !typed && onChange('')} />
          <span className="model-text grow">
            <span className="model-title">Other hub id or local folder</span>
            <span className="custom-model">
              <input
                type="text"
                className="mono grow"
                aria-label="Hub id or model folder"
                placeholder="org/model or /path/to/checkpoint"
                value={typed ? value : ''}
                onFocus={() => !typed && onChange('')}
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
      <ModelCheckLine model={value} />
    </fieldset>
  );
}
