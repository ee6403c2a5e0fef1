// Reading config.json fields with transformers' defaults and a one-line error naming the key when
// a value is impossible. Shared by every model family's parser. Pure data: no Node here.

/** The config is wrong (or asks for something we do not run) in a way the message names. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type Json = Record<string, unknown>;

/** `where` names the file (and section) in messages, e.g. 'config.json' or 'config.json vision_config'. */
export function int(raw: Json, key: string, fallback: number, min: number, max: number, where = 'config.json'): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(`${where}: "${key}" must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

export function num(raw: Json, key: string, fallback: number, min: number, max: number, where = 'config.json'): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new ConfigError(`${where}: "${key}" must be a number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

export function bool(raw: Json, key: string, fallback: boolean): boolean {
  const v = raw[key];
  return v === undefined || v === null ? fallback : Boolean(v);
}

export function isObject(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** transformers' ACT2FN names the engines implement. */
export const ACTIVATIONS = ['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'relu', 'quick_gelu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export function activation(raw: Json, fallback: Activation, where = 'config.json'): Activation {
  const v = raw.hidden_act ?? fallback;
  if (!ACTIVATIONS.includes(v as Activation)) {
    const value = typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
    throw new ConfigError(`${where}: hidden_act ${value} is not supported (${ACTIVATIONS.join(', ')})`);
  }
  return v as Activation;
}

/** id2label in index order; transformers' default when absent: num_labels (2 unless given) generic names. */
export function parseId2Label(raw: Json): string[] {
  const map = raw.id2label;
  if (map === undefined || map === null) {
    const n = raw.num_labels === undefined ? 2 : int(raw, 'num_labels', 2, 0, 1_000_000);
    return Array.from({ length: n }, (_, i) => `LABEL_${i}`);
  }
  if (!isObject(map)) throw new ConfigError('config.json: "id2label" must be an object of index → name');
  const entries = Object.entries(map);
  const names: string[] = new Array(entries.length);
  for (const [k, v] of entries) {
    const i = Number(k);
    if (!Number.isInteger(i) || i < 0 || i >= entries.length || typeof v !== 'string') {
      throw new ConfigError(`config.json: "id2label" must map 0…${entries.length - 1} to names; bad entry ${JSON.stringify(k)}`);
    }
    names[i] = v;
  }
  return names;
}
