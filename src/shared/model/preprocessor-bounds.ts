// Bounds on a preprocessor's sizes, checked when preprocessor_config.json is parsed, before any
// image is resized into them: `size: {height: 8000, width: 8000}` on a 32-px model would allocate
// gigabytes per batch before anything noticed. Real configs resize to at most a few times the
// model's input (DINOv2: 256 → crop 224 for a 518 model; CLIP: 224), so a side may be up to
// 4 × image_size, never less than 1024 nor more than 4096 pixels.
import type { PreprocessorConfig } from './vit-config';

/** The largest side any preprocessor may resize or crop to. */
export const MAX_PREPROCESS_SIDE = 4096;

/** The largest side a model of `imageSize` pixels may be preprocessed to. */
export function maxPreprocessSide(imageSize: number): number {
  return Math.min(MAX_PREPROCESS_SIDE, Math.max(1024, 4 * imageSize));
}

function sideProblem(key: string, what: string, sides: number[], imageSize: number): string | null {
  const limit = maxPreprocessSide(imageSize);
  if (!sides.every((s) => Number.isSafeInteger(s) && s >= 1)) return `preprocessor_config.json: ${key} must be whole pixels, got ${what}`;
  if (sides.some((s) => s > limit)) {
    return `preprocessor_config.json: ${key} ${what} is larger than this model can use (image_size ${imageSize}: at most ${limit} pixels a side)`;
  }
  return null;
}

/** What is wrong with `size` or `crop_size` (not whole pixels, beyond the model's bound), or null. */
export function preprocessorSizeProblem(pre: PreprocessorConfig, imageSize: number): string | null {
  const { size, cropSize } = pre;
  const sizeProblem =
    size.shortestEdge !== undefined
      ? sideProblem('size', `shortest_edge ${size.shortestEdge}`, [size.shortestEdge], imageSize)
      : sideProblem('size', `${size.height}×${size.width}`, [size.height, size.width], imageSize);
  return sizeProblem ?? sideProblem('crop_size', `${cropSize.height}×${cropSize.width}`, [cropSize.height, cropSize.width], imageSize);
}
