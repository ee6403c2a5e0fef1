// Checkpoints the UI offers without typing a repo id. Sizes are those of model.safetensors on the
// hub (rounded), so the UI can say how much a first download costs. CLIP and SigLIP downloads hold
// the text tower too, of which nothing is read.
import type { ModelFamily } from './families';

export interface KnownModel {
  /** Hub repo id, as given to resolveModel / --model. */
  id: string;
  title: string;
  family: ModelFamily;
  /** Parameters the loader reads: the backbone (+ head). */
  params: number;
  hiddenSize: number;
  /** Input side after the image processor (DINOv2: 224, though its positions were trained at 518). */
  imageSize: number;
  /** Classifier outputs (0: backbone only). */
  numLabels: number;
  /** Bytes of model.safetensors (approximate). */
  downloadBytes: number;
  description: string;
}

export const DEFAULT_MODEL_ID = 'google/vit-base-patch16-224';

export const KNOWN_MODELS: readonly KnownModel[] = [
  {
    id: 'google/vit-base-patch16-224',
    title: 'ViT-B/16 (ImageNet-1k)',
    family: 'vit',
    params: 86_600_000,
    hiddenSize: 768,
    imageSize: 224,
    numLabels: 1000,
    downloadBytes: 346_000_000,
    description: 'Default. Pre-trained on ImageNet-21k, fine-tuned on ImageNet-1k; good general features.',
  },
  {
    id: 'google/vit-base-patch16-224-in21k',
    title: 'ViT-B/16 (ImageNet-21k, no head)',
    family: 'vit',
    params: 86_400_000,
    hiddenSize: 768,
    imageSize: 224,
    numLabels: 0,
    downloadBytes: 346_000_000,
    description: 'Backbone only, pre-trained on ImageNet-21k: often the best frozen features for transfer.',
  },
  {
    id: 'google/vit-large-patch16-224',
    title: 'ViT-L/16 (ImageNet-1k)',
    family: 'vit',
    params: 304_000_000,
    hiddenSize: 1024,
    imageSize: 224,
    numLabels: 1000,
    downloadBytes: 1_220_000_000,
    description: 'Large: better features, about 3.5× slower than ViT-B/16.',
  },
  {
    id: 'facebook/deit-tiny-patch16-224',
    title: 'DeiT-Tiny/16',
    family: 'vit',
    params: 5_700_000,
    hiddenSize: 192,
    imageSize: 224,
    numLabels: 1000,
    downloadBytes: 22_900_000,
    description: 'Tiny and fast (about 15× faster than ViT-B/16) for quick experiments.',
  },
  {
    id: 'facebook/deit-small-patch16-224',
    title: 'DeiT-Small/16',
    family: 'vit',
    params: 22_100_000,
    hiddenSize: 384,
    imageSize: 224,
    numLabels: 1000,
    downloadBytes: 88_300_000,
    description: 'Small: a good speed/quality balance on CPU.',
  },
  {
    id: 'facebook/deit-base-patch16-224',
    title: 'DeiT-Base/16',
    family: 'vit',
    params: 86_600_000,
    hiddenSize: 768,
    imageSize: 224,
    numLabels: 1000,
    downloadBytes: 346_000_000,
    description: 'ViT-B/16 trained on ImageNet-1k only, with strong augmentation.',
  },
  {
    id: 'facebook/dinov2-small',
    title: 'DINOv2-S/14',
    family: 'dinov2',
    params: 22_056_192,
    hiddenSize: 384,
    imageSize: 224,
    numLabels: 0,
    downloadBytes: 88_200_000,
    description: 'Self-supervised (Meta): strong frozen features for fine-grained classes at DeiT-Small cost.',
  },
  {
    id: 'facebook/dinov2-base',
    title: 'DINOv2-B/14',
    family: 'dinov2',
    params: 86_579_712,
    hiddenSize: 768,
    imageSize: 224,
    numLabels: 0,
    downloadBytes: 346_300_000,
    description: 'Self-supervised (Meta): among the best frozen features for linear probes; about 1.3× ViT-B/16 compute.',
  },
  {
    id: 'openai/clip-vit-base-patch16',
    title: 'CLIP ViT-B/16 (vision tower)',
    family: 'clip',
    params: 85_799_424,
    hiddenSize: 768,
    imageSize: 224,
    numLabels: 0,
    downloadBytes: 598_500_000,
    description: 'Image–text model (OpenAI): robust general features for photos, art and screenshots.',
  },
  {
    id: 'google/siglip-base-patch16-224',
    title: 'SigLIP-B/16 (vision tower)',
    family: 'siglip',
    params: 85_797_120,
    hiddenSize: 768,
    imageSize: 224,
    numLabels: 0,
    downloadBytes: 812_600_000,
    description: 'Image–text model (Google): often better frozen features than CLIP at the same cost.',
  },
];
