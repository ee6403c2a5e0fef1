import { useRef, useState } from 'react';
import type { Prediction } from '../../../shared/api/model';
import { invoke } from '../../app/client';
import { useApi } from '../../app/api-context';

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
  const [preview, setPreview] = useState<string | null>(null);
  const [result, setResult] = useState<Prediction[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);

  async function tryFile(file: File | undefined) {
    if (!file) return;
    setError(null);
    setResult(null);
    if (!file.type.startsWith('image/') && !/\.(jpe?g|png|webp|gif|tiff?|avif|bmp)$/i.test(file.name)) {
      setError(`${file.name} is not an image.`);
      return;
    }
    if (file.size > MAX_BYTES) {
      setError(`${file.name} is larger than 50 MB.`);
      return;
    }
    setBusy(true);
    try {
      const dataUrl = await readAsDataUrl(file);
      setPreview(dataUrl);
      const [first] = await invoke(api, 'model.predict', { model: `run:${runId}`, imageData: base64Of(dataUrl), topK: 5 });
      setResult(first?.predictions ?? []);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="try card-section" aria-labelledby="try-title">
      <h2 id="try-title">Try an image</h2>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void tryFile(e.dataTransfer.files[0]);
        }}
      >
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
