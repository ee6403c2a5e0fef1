// The FeatureEngine on TF.js: the frozen backbone (and its classifier, if any) for feature
// extraction, predict and "try an image".
//
//   await TfjsFeatureEngine.load(folder, {backend?})   → reads the checkpoint, starts the backend
//   TfjsFeatureEngine.fromCheckpoint(checkpoint, info)  when the checkpoint is already in memory
//   engine.extract(pixelValues [B,C,H,W], B) → {features [B,F], logits [B,L] | null}
import { featureSize } from '../../shared/model/vit-config';
import type { Checkpoint } from './checkpoint';
import { loadCheckpoint } from './checkpoint';
import { initBackend, type BackendName, type ComputeInfo } from './backend';
import type { FeatureBatch, FeatureEngine, FeatureEngineInfo } from './feature-engine';
import { ViT } from './vit/model';

export class TfjsFeatureEngine implements FeatureEngine {
  readonly info: FeatureEngineInfo;

  private constructor(
    readonly checkpoint: Omit<Checkpoint, 'weights'>,
    readonly vit: ViT,
    compute: ComputeInfo,
  ) {
    this.info = {
      engine: 'tfjs',
      device: compute.device,
      featureSize: featureSize(checkpoint.config),
      numLabels: vit.numLabels,
    };
  }

  /** Builds the frozen model; the checkpoint's Float32Arrays are not kept (the variables own a copy). */
  static fromCheckpoint(checkpoint: Checkpoint, compute: ComputeInfo): TfjsFeatureEngine {
    const vit = ViT.fromCheckpoint(checkpoint, { trainable: false });
    const { weights: _dropped, ...rest } = checkpoint;
    return new TfjsFeatureEngine(rest, vit, compute);
  }

  static async load(folder: string, opts: { backend?: BackendName } = {}): Promise<TfjsFeatureEngine> {
    const compute = await initBackend(opts.backend);
    return TfjsFeatureEngine.fromCheckpoint(loadCheckpoint(folder), compute);
  }

  extract(pixelValues: Float32Array, batchSize: number): Promise<FeatureBatch> {
    return this.vit.extract(pixelValues, batchSize);
  }

  async dispose(): Promise<void> {
    this.vit.dispose();
  }
}
