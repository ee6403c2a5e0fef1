import { AUGMENT_PRESETS } from '../../../shared/augment';
import type { CachedModelInfo, KnownModelInfo } from '../../../shared/api/model';
import type { ComputeInfo } from '../../../shared/api/workspace';
import { SCRATCH_PRESETS, type ScratchPreset } from '../../../shared/api/runs';
import { ModelPicker } from './ModelPicker';
import { defaultViews, withScratch, type ScratchShape, type TrainOptions } from './train-options';

interface Props {
  options: TrainOptions;
  onChange(o: TrainOptions): void;
  known: KnownModelInfo[];
  cached: CachedModelInfo[];
  compute: ComputeInfo | undefined;
  computeError: string | null;
  disabled: boolean;
  onBrowse: (() => void) | null;
  /** The custom augmentation from the Augment screen, when there is one. */
  hasCustomAugment: boolean;
  /** How the chosen preset was fitted to the data, or null. */
  augmentNote: string | null;
}

function NumberField(props: { label: string; value: number; onChange(v: number): void; step?: number; min?: number; max?: number; hint?: string; width?: number }) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="number"
        value={Number.isFinite(props.value) ? props.value : ''}
        step={props.step ?? 1}
        min={props.min}
        max={props.max}
        style={props.width ? { width: props.width } : undefined}
        onChange={(e) => props.onChange(e.target.value === '' ? NaN : Number(e.target.value))}
      />
      {props.hint && <span className="hint-text">{props.hint}</span>}
    </label>
  );
}

/** The description of the preset a shape is, or what it is made of. */
function presetDescription(shape: ScratchShape): string {
  const named = (Object.values(SCRATCH_PRESETS) as { shape: ScratchShape; description: string }[]).find((p) => JSON.stringify(p.shape) === JSON.stringify(shape));
  return named ? named.description : `${shape.imageSize} px, patch ${shape.patchSize}, width ${shape.hiddenSize}, ${shape.layers} blocks, ${shape.heads} heads`;
}

/** Model, compute engine and hyperparameters with their defaults. */
export function TrainForm({ options: o, onChange, known, cached, compute, computeError, disabled, onBrowse, hasCustomAugment, augmentNote }: Props) {
  const set = (patch: Partial<TrainOptions>) => onChange({ ...o, ...patch });
  const setShape = (patch: Partial<ScratchShape>) => set({ scratch: { ...o.scratch, ...patch } });
  return (
    <div className="train-form">
      <div className="compute-line small" aria-label="Compute">
        <span className="muted">Compute</span>{' '}
        {compute ? (
          // The frozen backbone runs on ONNX Runtime when it loads, heads on the native kernel when it
          // is built, the from-scratch ViT on TF.js.
          <span className="mono">
            {compute.ortProvider ? `backbone: ONNX Runtime · ${compute.ortProvider} — ` : ''}head: {compute.headTrainer} — TF.js: {compute.tfjsDevice}
          </span>
        ) : computeError ? (
          <span className="error">{computeError}</span>
        ) : (
          <span className="muted">detecting…</span>
        )}
      </div>
      <label className="switch">
        <input type="checkbox" role="switch" checked={o.fromScratch} aria-checked={o.fromScratch} disabled={disabled} onChange={(e) => onChange(withScratch(o, e.target.checked))} />
        Train a small ViT from scratch (no pretrained backbone)
      </label>
      {o.fromScratch ? (
        <fieldset className="row-fields" disabled={disabled}>
          <legend>Small ViT shape</legend>
          <div className="scratch-presets" role="group" aria-label="Shape presets">
            {(Object.keys(SCRATCH_PRESETS) as ScratchPreset[]).map((name) => (
              <button
                key={name}
                type="button"
                className="small"
                aria-pressed={JSON.stringify(o.scratch) === JSON.stringify(SCRATCH_PRESETS[name].shape)}
                title={SCRATCH_PRESETS[name].description}
                onClick={() => set({ scratch: { ...SCRATCH_PRESETS[name].shape } })}
              >
                {name === 'tutorial' ? 'Tutorial recipe' : 'Quick'}
              </button>
            ))}
            <span className="hint-text">{presetDescription(o.scratch)}</span>
          </div>
          <NumberField label="Image size" value={o.scratch.imageSize} min={8} max={224} onChange={(v) => setShape({ imageSize: v })} />
          <NumberField label="Patch" value={o.scratch.patchSize} min={2} max={32} onChange={(v) => setShape({ patchSize: v })} />
          <NumberField label="Hidden" value={o.scratch.hiddenSize} min={8} max={384} onChange={(v) => setShape({ hiddenSize: v })} />
          <NumberField label="Layers" value={o.scratch.layers} min={1} max={12} onChange={(v) => setShape({ layers: v })} />
          <NumberField label="Heads" value={o.scratch.heads} min={1} max={12} onChange={(v) => setShape({ heads: v })} />
        </fieldset>
      ) : (
        <>
          <ModelPicker known={known} cached={cached} value={o.model} onChange={(model) => set({ model })} disabled={disabled} onBrowse={onBrowse} />
          <fieldset className="row-fields" disabled={disabled}>
            <legend>Backbone engine</legend>
            <div className="segmented inline" role="radiogroup" aria-label="Backbone engine">
              {(['auto', 'ort', 'tfjs'] as const).map((e) => (
                <button key={e} type="button" role="radio" aria-checked={o.engine === e} onClick={() => set({ engine: e })}>
                  {e === 'auto' ? 'Auto' : e === 'ort' ? 'ONNX Runtime' : 'TF.js'}
                </button>
              ))}
            </div>
            <label className="check-field" title="The backbone's matrix products in int8 on ONNX Runtime: about 2.5× faster feature extraction on a CPU; features change slightly (cached apart from fp32 ones).">
              <input type="checkbox" checked={o.int8 && o.engine !== 'tfjs'} disabled={o.engine === 'tfjs'} onChange={(e) => set({ int8: e.target.checked })} />
              Fast mode (int8)
            </label>
          </fieldset>
        </>
      )}
      <fieldset className="row-fields" disabled={disabled}>
        <legend>Hyperparameters</legend>
        <NumberField label="Epochs" value={o.epochs} min={1} max={1000} onChange={(epochs) => set({ epochs })} />
        <NumberField label="Learning rate" value={o.lr} step={0.0001} min={0} width={90} onChange={(lr) => set({ lr })} />
        <NumberField label="Batch size" value={o.batchSize} min={1} max={4096} onChange={(batchSize) => set({ batchSize })} />
        <NumberField label="Weight decay" value={o.weightDecay} step={0.01} min={0} max={1} onChange={(weightDecay) => set({ weightDecay })} />
        <NumberField label="Seed" value={o.seed} min={0} onChange={(seed) => set({ seed })} />
      </fieldset>
      <fieldset className="row-fields" disabled={disabled}>
        <legend>Augmentation</legend>
        <label className="field">
          <span>Preset</span>
          <select aria-label="Augmentation preset" value={o.augment} onChange={(e) => set({ augment: e.target.value as TrainOptions['augment'], views: null })}>
            {AUGMENT_PRESETS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
            {hasCustomAugment && <option value="custom">custom (Augment screen)</option>}
          </select>
        </label>
        <NumberField
          label="Views per image"
          value={o.views ?? defaultViews(o)}
          min={0}
          max={32}
          onChange={(views) => set({ views })}
          hint={o.views === null ? 'default' : undefined}
        />
        {augmentNote && (
          <p className="fit-note small muted" data-testid="augment-fit-note">
            Fitted to this data: {augmentNote}
          </p>
        )}
      </fieldset>
      <fieldset className="row-fields" disabled={disabled}>
        <legend>Regularisation</legend>
        <label className="check-field">
          <input type="checkbox" checked={o.earlyStopping !== null} onChange={(e) => set({ earlyStopping: e.target.checked ? 3 : null })} />
          Early stopping
        </label>
        {o.earlyStopping !== null && (
          <NumberField label="Patience (epochs)" value={o.earlyStopping} min={1} onChange={(earlyStopping) => set({ earlyStopping })} />
        )}
        <label className="check-field">
          <input type="checkbox" checked={o.classWeighting} onChange={(e) => set({ classWeighting: e.target.checked })} />
          Weight classes by frequency
        </label>
      </fieldset>
    </div>
  );
}
