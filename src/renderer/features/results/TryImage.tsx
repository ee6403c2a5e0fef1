import { useReducer, useRef } from 'react';
import { invoke } from '../../app/client';
import { useApi } from '../../app/api-context';
import { useDropZone } from '../../app/use-drop-zone';
import { TRY_IDLE, tryReducer } from './try-state';

const MAX_BYTES = 50_000_000;

/** The base64 payload of a data: URL (what model.predict's imageData takes). */
export function base64Of(dataUrl: string): string {
  const comma = dataUrl.indexOf(',');
  return comma < 0 ? dataUrl : dataUrl.slice(comma + 1);
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the file'));
    reader.readAsDataURL(file);
  });
}


/**
 * "Try an image": a dropped or chosen file is read here and sent as base64 to model.predict with
 * the run's model (`run:<id>`: the engine exports the run once as a Hugging Face folder), so the
 * same code path as any checkpoint classifies it.
 */
export function TryImage({ runId }: { runId: number }) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [state, dispatch] = useReducer(tryReducer, TRY_IDLE);
  const { preview, result, error, busy } = state;
  const drop = useDropZone((data) => void tryFile(data.files[0]));

  async function tryFile(file: File | undefined) {
    if (!file) return;
    dispatch({ type: 'start' });
    if (!file.type.startsWith('image/') && !/\.(jpe?g|png|webp|gif|tiff?|avif|bmp)$/i.test(file.name)) {
      return dispatch({ type: 'error', message: `${file.name} is not an image.` });
    }
    if (file.size > MAX_BYTES) return dispatch({ type: 'error', message: `${file.name} is larger than 50 MB.` });
    try {
      const dataUrl = await readAsDataUrl(file);
      dispatch({ type: 'read', preview: dataUrl });
      const [first] = await invoke(api, 'model.predict', { model: `run:${runId}`, imageData: base64Of(dataUrl), topK: 5 });
      dispatch({ type: 'result', predictions: first?.predictions ?? [] });
    } catch (e) {
      dispatch({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  return (
    <section className="try card-section" aria-labelledby="try-title">
      <h2 id="try-title">Try an image</h2>
      <div className={`dropzone${drop.over ? ' over' : ''}`} {...drop.handlers}>
        {preview ? <img src={preview} alt="The image tried" className="try-preview" /> : <span className="muted small">Drop an image here</span>}
        <div className="try-side">
          <button type="button" onClick={() => input.current?.click()} disabled={busy}>
            {busy ? 'Classifying…' : 'Choose an image…'}
          </button>
          <input ref={input} type="file" accept="image/*" hidden aria-label="Image to try" onChange={(e) => void tryFile(e.target.files?.[0] ?? undefined)} />
          {error && (
            <p className="error small" role="alert">
              {error}
            </p>
          )}
          {result && (
            <ol className="top5" aria-label="Top 5 predictions">
              {result.map((p) => (
                <li key={p.label}>
                  <span className="top5-name">{p.label}</span>
                  <span className="metric-bar" aria-hidden="true">
                    <span style={{ width: `${(p.score * 100).toFixed(1)}%` }} />
                  </span>
                  <span className="mono">{(p.score * 100).toFixed(1)}%</span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}
