import { useMemo, useState } from 'react';
import { useApi, useLoad } from '../../app/api-context';
import { invoke } from '../../app/client';
import { backboneChoices, useChosenBackbone } from './backbone-choice';

const OTHER = '__other__';

interface Option {
  model: string;
  /** What the option says after the model id. */
  note: string;
}

/**
 * Which backbone's features an analysis uses, and the choice of another: the default (as the CLI's
 * --model: the latest finished run's backbone, else the default model), the backbones of the
 * dataset's runs (their features are cached), models already downloaded, and the known models
 * (downloaded when chosen). Features not extracted yet are computed first, with progress and Cancel.
 */
export function BackbonePicker({ datasetId, inUse }: { datasetId: number; inUse: string }) {
  const api = useApi();
  const chosen = useChosenBackbone(datasetId) ?? undefined;
  // A choice the engine refuses goes back to the one before (backbone-choice.ts).
  const chooseBackbone = (id: number, model: string | null) => void backboneChoices(api).choose(id, model).catch(() => undefined);
  const [typing, setTyping] = useState<string | null>(null);
  const runs = useLoad(() => invoke(api, 'runs.list', { datasetId }), [api, datasetId]);
  const cached = useLoad(() => invoke(api, 'model.cached', {}), [api]);
  const known = useLoad(() => invoke(api, 'model.known', {}), [api]);
  const fallback = useLoad(() => invoke(api, 'data.summary', { datasetId }), [api, datasetId]);

  const groups = useMemo(() => {
    const seen = new Set<string>();
    const take = (list: Option[]) => list.filter((o) => !seen.has(o.model) && seen.add(o.model));
    const fromRuns = new Map<string, number[]>();
    for (const r of runs.data ?? []) if (r.status === 'completed' && !r.fromScratch) fromRuns.set(r.model, [...(fromRuns.get(r.model) ?? []), r.id]);
    return [
      { title: "This dataset's runs (features cached)", options: take([...fromRuns].map(([model, ids]) => ({ model, note: `run${ids.length > 1 ? 's' : ''} #${ids.slice(0, 3).join(', #')}` }))) },
      { title: 'Downloaded', options: take((cached.data ?? []).map((m) => ({ model: m.id, note: 'downloaded' }))) },
      { title: 'Known models (downloaded when chosen)', options: take((known.data ?? []).map((m) => ({ model: m.id, note: m.title }))) },
      { title: 'Chosen elsewhere', options: take(chosen ? [{ model: chosen, note: '' }] : []) },
    ].filter((g) => g.options.length > 0);
  }, [runs.data, cached.data, known.data, chosen]);

  const defaultModel = fallback.data?.model ?? (chosen ? '…' : inUse);
  const defaultWhy = (runs.data ?? []).some((r) => r.status === 'completed' && !r.fromScratch) ? "the latest run's backbone" : 'the default model';
  return (
    <div className="backbone-bar small">
      <label className="field-inline">
        <span className="muted">Features of</span>
        <select
          aria-label="Backbone"
          value={typing !== null ? OTHER : (chosen ?? '')}
          onChange={(e) => (e.target.value === OTHER ? setTyping(chosen ?? '') : (setTyping(null), chooseBackbone(datasetId, e.target.value || null)))}
        >
          <option value="">
            {defaultModel} (default: {defaultWhy})
          </option>
          {groups.map((g) => (
            <optgroup key={g.title} label={g.title}>
              {g.options.map((o) => (
                <option key={o.model} value={o.model}>
                  {o.model}
                  {o.note ? ` — ${o.note}` : ''}
                </option>
              ))}
            </optgroup>
          ))}
          <option value={OTHER}>Other: a hub id or a model folder…</option>
        </select>
      </label>
      {typing !== null && (
        <form
          className="field-inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (typing.trim()) chooseBackbone(datasetId, typing.trim());
            setTyping(null);
          }}
        >
          <input aria-label="Backbone hub id or folder" placeholder="org/name or /path/to/model" value={typing} autoFocus onChange={(e) => setTyping(e.target.value)} />
          <button type="submit">Use</button>
          <button type="button" onClick={() => setTyping(null)}>
            Cancel
          </button>
        </form>
      )}
      <span className="muted">Results are kept per backbone; another one extracts its features first.</span>
    </div>
  );
}
