import fs from 'node:fs';
import path from 'node:path';
import { loadCheckpoint, type Checkpoint } from '../model/checkpoint';
import { saveCheckpoint } from '../model/save-checkpoint';
import { SafetensorsFile } from '../model/safetensors';
import type { RunConfig } from '../../shared/api/runs';
import { featureSize } from '../../shared/model/vit-config';

// A run as a Hugging Face *ForImageClassification folder of its family (ViT, DINOv2, CLIP, SigLIP): the backbone's tensors as they were,
// the trained classifier, id2label/label2id from the dataset's labels.

export function exportRun(config: RunConfig, weightsPath: string, folder: string): string[] {
  const names = config.labels.map((l) => l.name);
  let checkpoint: Checkpoint;
  if (config.fromScratch) {
    checkpoint = loadCheckpoint(weightsPath);
  } else {
    if (!config.modelFolder) throw new Error('the run does not record its model folder');
    const base = loadCheckpoint(config.modelFolder);
    const head = SafetensorsFile.open(weightsPath);
    try {
      const weight = head.readFloat32('classifier.weight');
      const bias = head.readFloat32('classifier.bias');
      checkpoint = {
        ...base,
        weights: { ...base.weights, classifier: { weight, bias, outFeatures: names.length, inFeatures: featureSize(base.config) } },
      };
    } finally {
      head.close();
    }
  }
  checkpoint.config = { ...checkpoint.config, id2label: names };
  fs.mkdirSync(folder, { recursive: true });
  saveCheckpoint(folder, checkpoint);
  return fs.readdirSync(folder).filter((f) => !f.includes('.tmp-')).map((f) => path.join(folder, f));
}
