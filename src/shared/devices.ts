// Where a backbone can run: the one list of ONNX Runtime devices and TF.js backends, for the
// contract (model.predict), the CLI's --device/--backend and the engines themselves.

/** ONNX Runtime execution-provider requests: 'auto' tries the platform's GPU provider, then the CPU. */
export const ORT_DEVICES = ['auto', 'cpu', 'cuda', 'dml', 'coreml'] as const;
export type OrtDevice = (typeof ORT_DEVICES)[number];

/** TF.js backends: tfjs-node(-gpu), WASM, plain JavaScript. */
export const TFJS_BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type TfjsBackend = (typeof TFJS_BACKENDS)[number];

/** A device of either engine (what model.predict's `device` takes). */
export const BACKBONE_DEVICES = [...new Set([...ORT_DEVICES, ...TFJS_BACKENDS])] as [OrtDevice | TfjsBackend, ...(OrtDevice | TfjsBackend)[]];

export const isOrtDevice = (d: string): d is OrtDevice => (ORT_DEVICES as readonly string[]).includes(d);
export const isTfjsBackend = (d: string): d is TfjsBackend => (TFJS_BACKENDS as readonly string[]).includes(d);
