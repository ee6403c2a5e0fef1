import fs from 'node:fs';
import path from 'node:path';

// Where the backbone's files are: a local folder as given, or a hub id already in the workspace's
// model cache (cache/models/<owner>--<name>[@revision]). Downloading goes through the model
// engineer's hub client when present.

export function isModelFolder(spec: string): boolean {
  return fs.existsSync(path.join(spec, 'config.json'));
}

export async function resolveModelFolder(spec: string, revision: string | null, modelsDir: string, signal?: AbortSignal): Promise<string> {
  if (isModelFolder(spec)) return path.resolve(spec);
  const [id, rev] = spec.includes('@') ? (spec.split('@') as [string, string]) : [spec, revision];
  const cached = path.join(modelsDir, id.replace('/', '--') + (rev ? `@${rev}` : ''));
  if (isModelFolder(cached) && fs.existsSync(path.join(cached, 'model.safetensors'))) return cached;
  if (/^[\w.-]+\/[\w.-]+$/.test(id)) {
    void signal;
    throw new Error(`model "${spec}" is not in the workspace model cache and cannot be downloaded from here; pass a local model folder`);
  }
  throw new Error(`model "${spec}" is neither a model folder (with config.json) nor a hub id (owner/name)`);
}
