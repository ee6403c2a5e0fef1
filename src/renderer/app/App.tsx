import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { invoke } from './client';
import { useApi, useEngineEvents, useLoad } from './api-context';
import { screens } from './screens';
import type { ScreenProps } from './screen';
import { StatusBar } from './StatusBar';
import { Toasts, type Toast } from './Toasts';

const LAST_DATASET = 'vit-studio.dataset';

function screenFromHash(): string {
  const id = location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return screens.some((s) => s.id === id) ? id : (screens[0]?.id ?? 'start');
}

/** The shell: tabs of the screens this build has, the open dataset, toasts and a status bar. */
export function App() {
  const api = useApi();
  const [screenId, setScreenId] = useState(screenFromHash);
  const [datasetId, setDatasetId] = useState<number | null>(() => {
    const saved = Number(localStorage.getItem(LAST_DATASET));
    return Number.isInteger(saved) && saved > 0 ? saved : null;
  });
  const [toasts, setToasts] = useState<Toast[]>([]);

  const datasets = useLoad(() => invoke(api, 'datasets.list', {}), [api]);
  useEngineEvents((e) => {
    if (e.type === 'dataset-changed') datasets.reload();
    // The open dataset was deleted (Start screen, another window): back to the Start screen.
    if (e.type === 'dataset-changed' && e.datasetId === datasetId) {
      api.call('datasets.get', { datasetId }).then((r) => {
        if (!r.ok && r.error.code === 'not_found') {
          setDatasetId(null);
          localStorage.removeItem(LAST_DATASET);
          go('start');
        }
      }, () => undefined);
    }
    if (e.type === 'notice') notify(e.message, e.level === 'warning' ? 'error' : 'info');
  });

  // A remembered dataset that no longer exists (deleted, other workspace) is forgotten, once, on
  // the first list; later lists may lag behind a dataset that was just imported.
  const checkedRemembered = useRef(false);
  useEffect(() => {
    if (!datasets.data || checkedRemembered.current) return;
    checkedRemembered.current = true;
    if (datasetId !== null && !datasets.data.some((d) => d.id === datasetId)) setDatasetId(null);
  }, [datasets.data, datasetId]);

  useEffect(() => {
    const onHash = () => setScreenId(screenFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const go = useCallback((id: string) => {
    location.hash = `#/${id}`;
    setScreenId(id);
  }, []);

  const notify = useCallback((message: string, kind: 'info' | 'error' = 'info') => {
    const id = Date.now() + Math.random();
    setToasts((t) => [...t.slice(-3), { id, message, kind }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), kind === 'error' ? 8000 : 4000);
  }, []);

  const openDataset = useCallback(
    (id: number, screen = 'browse') => {
      setDatasetId(id);
      localStorage.setItem(LAST_DATASET, String(id));
      datasets.reload();
      go(screen);
    },
    [datasets, go],
  );

  // Alt+1…9 switches tabs (plain digits belong to labels).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      const target = screens[n - 1];
      if (target && (!target.needsDataset || datasetId !== null)) {
        e.preventDefault();
        go(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [datasetId, go]);

  const current = screens.find((s) => s.id === screenId) ?? screens[0];
  const showing = current && current.needsDataset && datasetId === null ? screens[0] : current;
  const props: ScreenProps = { datasetId, openDataset, notify };
  const dataset = useMemo(() => datasets.data?.find((d) => d.id === datasetId), [datasets.data, datasetId]);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand" aria-label="ViT Studio">
          <span className="brand-mark" aria-hidden="true" />
          ViT Studio
        </div>
        <nav className="tabs" role="tablist" aria-label="Screens">
          {screens.map((s, i) => {
            const disabled = s.needsDataset && datasetId === null;
            return (
              <button
                key={s.id}
                role="tab"
                className="tab"
                aria-selected={showing?.id === s.id}
                aria-controls="screen"
                disabled={disabled}
                title={i < 9 ? `${s.title} (Alt+${i + 1})` : s.title}
                onClick={() => go(s.id)}
              >
                {s.title}
                {i < 9 && <kbd>{`⌥${i + 1}`}</kbd>}
              </button>
            );
          })}
        </nav>
        <div className="topbar-right">
          {datasets.data && datasets.data.length > 0 && (
            <select
              className="dataset-select"
              aria-label="Dataset"
              value={datasetId ?? ''}
              onChange={(e) => e.target.value && openDataset(Number(e.target.value), showing?.needsDataset ? showing.id : 'browse')}
            >
              <option value="">Choose a dataset…</option>
              {datasets.data.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </div>
      </header>
      <main id="screen" className="screen" role="tabpanel" aria-label={showing?.title}>
        {showing ? showing.render(props) : <p className="empty">This build has no screens.</p>}
      </main>
      <StatusBar dataset={dataset} />
      <Toasts toasts={toasts} onDismiss={(id) => setToasts((t) => t.filter((x) => x.id !== id))} />
    </div>
  );
}
