// "Pixels in, features out": the frozen ViT backbone's forward pass, behind one interface with
// two implementations — ONNX Runtime (src/main/onnx) and TF.js (src/main/model). Feature
// extraction, predict and "try an image" all go through it; only the head and the from-scratch
// ViT train, and they stay in TF.js.

export type FeatureEngineName = 'ort' | 'tfjs';

export interface FeatureEngineInfo {
  engine: FeatureEngineName;
  /** What actually runs, for the UI/CLI and the run record: e.g. "CPU (2 threads)", "CUDA", "WASM SIMD". */
  device: string;
  /** Length of the feature (the classifier's input, featureSize(config): 2·D for DINOv2, else D). */
  featureSize: number;
  /** Number of classifier outputs, 0 when the checkpoint has no classifier. */
  numLabels: number;
}

export interface FeatureBatch {
  /** Features (the classifier's input, as the family defines it), [B, F] row-major. */
  features: Float32Array;
  /** Classifier logits [B, L], or null when the checkpoint has no classifier. */
  logits: Float32Array | null;
}

export interface FeatureEngine {
  readonly info: FeatureEngineInfo;
  /**
   * pixelValues: [B, C, H, W] float32, NCHW exactly like HF's `pixel_values` (already resized,
   * rescaled and normalized by the preprocessor).
   */
  extract(pixelValues: Float32Array, batchSize: number): Promise<FeatureBatch>;
  dispose(): Promise<void>;
}
