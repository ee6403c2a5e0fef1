import { useEffect, useRef, useState } from 'react';
import { AUGMENT_PRESETS, AUGMENT_PRESET_CONFIGS, type AugmentConfig } from '../../../shared/augment';
import type { AugmentSample } from '../../../shared/api/augment';
import { invoke } from '../../app/client';
import { useApi, useLoad } from '../../app/api-context';
import type { ScreenProps } from '../../app/screen';
import { readAugmentChoice, writeAugmentChoice } from '../train/train-options';
import { describeParams, KNOBS, presetOf } from './augment-controls';
import { fitReasons, fittedPreset } from '../../../shared/augment-fit';
import './augment.css';

const COUNT = 12;

const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA');

/**
 * What training will see: augmented samples of one image drawn by the engine with the same code
 * as training, for a preset or hand-tuned parameters; the choice carries over to the Train screen.
 */
export function AugmentScreen({ datasetId, notify }: ScreenProps) {
  const api = useApi();
  const id = datasetId!;
  const images = useLoad(() => invoke(api, 'images.query', { datasetId: id, split: 'train', limit: 200 }), [api, id]);
  const fallback = useLoad(() => invoke(api, 'images.query', { datasetId: id, limit: 200 }), [api, id]);
  const list = images.data?.items.length ? images.data.items : (fallback.data?.items ?? []);
  const [index, setIndex] = useState(0);
  const [config, setConfig] = useState<AugmentConfig>(() => readAugmentChoice(id)?.config ?? structuredClone(AUGMENT_PRESET_CONFIGS.light));
  const [seed, setSeed] = useState(1);
  const [samples, setSamples] = useState<AugmentSample[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(() => JSON.stringify(readAugmentChoice(id)?.config ?? null));
  const latest = useRef(0);
  const image = list[Math.min(index, list.length - 1)];
  // Presets fit the data: no flips for digits and characters, no hue on grey images.
  const traits = useLoad(() => invoke(api, 'augment.traits', { datasetId: id }), [api, id]);
  const fit = traits.data ?? null;
  const preset = presetOf(config, fit);
  const reasons = fit ? fitReasons(fit) : [];
  useEffect(() => {
    // No choice saved for this dataset yet: start from the light preset as fitted to it.
    if (!fit || readAugmentChoice(id)) return;
    const fitted = fittedPreset('light', fit);
    // Same values: keep the object, so the preview is not asked for again.
    setConfig((c) => (presetOf(c) === 'light' && JSON.stringify(c) !== JSON.stringify(fitted) ? fitted : c));
  }, [fit, id]);

  useEffect(() => {
    if (!image) return;
    const ticket = ++latest.current;
    setLoading(true);
    // Sliders fire continuously: wait for a pause before asking the engine.
    const timer = setTimeout(() => {
      invoke(api, 'augment.preview', { imageId: image.id, config, count: COUNT, seed, size: 192 }).then(
        (r) => {
          if (ticket !== latest.current) return;
          setSamples(r.samples);
          setError(null);
          setLoading(false);
        },
        (e: unknown) => {
          if (ticket !== latest.current) return;
          setError(e instanceof Error ? e.message : String(e));
          setLoading(false);
        },
      );
    }, 120);
    return () => clearTimeout(timer);
  }, [api, image, config, seed]);

  const resample = () => setSeed((s) => (s * 1103515245 + 12345) % 2147483647 || 1);
  const move = (d: number) => list.length && setIndex((i) => (Math.min(i, list.length - 1) + d + list.length) % list.length);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'r' || e.key === 'R') resample();
      else if (e.key === 'ArrowRight') move(1);
      else if (e.key === 'ArrowLeft') move(-1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const setKnob = (key: (typeof KNOBS)[number]['key'], value: number) => setConfig((c) => ({ ...c, [key]: value }));
  const setCrop = (crop: AugmentConfig['crop']) => setConfig((c) => ({ ...c, crop }));
  const useForTraining = () => {
    writeAugmentChoice(id, { preset, config });
    setSaved(JSON.stringify(config));
    notify(preset === 'custom' ? 'The Train screen will offer this custom augmentation.' : `Training will default to the ${preset} preset.`);
  };

  return (
    <div className="augment-screen">
      <section className="augment-main" aria-labelledby="augment-title">
        <header className="augment-head">
          <div>
            <h1 id="augment-title">Augmentation preview</h1>
            <p className="muted small">Drawn by the engine with the training pipeline's own code and seeds.</p>
          </div>
          <span className="grow" />
          <div className="image-nav">
            <button onClick={() => move(-1)} aria-label="Previous image" aria-keyshortcuts="ArrowLeft" disabled={list.length < 2}>
              ← <kbd>←</kbd>
            </button>
            <span className="mono small image-name" title={image?.relPath}>
              {image ? image.relPath : 'no images'}
            </span>
            <button onClick={() => move(1)} aria-label="Next image" aria-keyshortcuts="ArrowRight" disabled={list.length < 2}>
              → <kbd>→</kbd>
            </button>
            <button className="primary" onClick={resample} aria-keyshortcuts="R">
              Resample <kbd className="on-primary">R</kbd>
            </button>
          </div>
        </header>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="augment-body">
          {image && (
            <figure className="original">
              <img src={api.mediaUrl('thumb', image.datasetId, image.relPath, image.hash.slice(0, 12))} alt={`Original ${image.relPath}`} />
              <figcaption className="small muted">original</figcaption>
            </figure>
          )}
          <ul className={`sample-grid${loading ? ' loading' : ''}`} aria-label="Augmented samples" aria-busy={loading}>
            {samples.map((s, i) => (
              <li key={i} className="sample" title={describeParams(s.params)}>
                <img src={s.dataUrl} alt={`Sample ${i + 1}: ${describeParams(s.params)}`} />
              </li>
            ))}
          </ul>
        </div>
        <p className="muted small">
          Seed <span className="mono">{seed}</span> · hover a sample for its parameters · <kbd>←</kbd> <kbd>→</kbd> change image · <kbd>R</kbd> new seed
        </p>
      </section>

      <aside className="augment-controls card" aria-label="Augmentation parameters">
        <h2>Parameters</h2>
        <div className="segmented" role="radiogroup" aria-label="Preset">
          {AUGMENT_PRESETS.map((p) => (
            <button key={p} type="button" role="radio" aria-checked={preset === p} onClick={() => setConfig(fit ? fittedPreset(p, fit) : structuredClone(AUGMENT_PRESET_CONFIGS[p]))}>
              {p}
            </button>
          ))}
          <button type="button" role="radio" aria-checked={preset === 'custom'} disabled={preset !== 'custom'}>
            custom
          </button>
        </div>
        {reasons.length > 0 && (
          <ul className="fit-reasons small muted" aria-label="Presets fitted to this data">
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
        <label className="knob check-knob">
          <input type="checkbox" checked={config.crop !== null} onChange={(e) => setCrop(e.target.checked ? { scale: [0.8, 1], ratio: [3 / 4, 4 / 3] } : null)} />
          <span>Random resized crop</span>
        </label>
        {config.crop && (
          <label className="knob">
            <span className="knob-label">
              Crop area min <span className="mono">{Math.round(config.crop.scale[0] * 100)}%</span>
            </span>
            <input
              type="range"
              min={0.08}
              max={1}
              step={0.01}
              value={config.crop.scale[0]}
              onChange={(e) => setCrop({ ...config.crop!, scale: [Number(e.target.value), 1] })}
            />
          </label>
        )}
        {KNOBS.map((k) => (
          <label key={k.key} className="knob">
            <span className="knob-label">
              {k.label} <span className="mono">{k.format(config[k.key])}</span>
            </span>
            <input type="range" min={k.min} max={k.max} step={k.step} value={config[k.key]} onChange={(e) => setKnob(k.key, Number(e.target.value))} />
          </label>
        ))}
        <div className="actions">
          <button className="primary" onClick={useForTraining} disabled={saved === JSON.stringify(config)}>
            Use for training
          </button>
          {saved === JSON.stringify(config) && <span className="muted small">✓ used by Train</span>}
        </div>
      </aside>
    </div>
  );
}
