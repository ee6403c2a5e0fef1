export interface HubErrorDetails {
  /** What callers branch on (never the text). */
  code?: 'not_found' | 'unauthorized' | 'unavailable';
  /** False when the hub answered that the revision or file does not exist: then a cached copy must not stand in for it (as huggingface_hub). */
  cacheUsable?: boolean;
  /** The short cause ("HTTP 503", "connect ECONNREFUSED 127.0.0.1:7860") for notices. */
  reason?: string;
}

/**
 * A hub failure as one line a user can act on: 'not_found' (no such repo, revision or file),
 * 'unauthorized' (gated or private), 'unavailable' (the hub cannot be reached or failed).
 */
export class HubError extends Error {
  readonly code: NonNullable<HubErrorDetails['code']>;
  readonly cacheUsable: boolean;
  readonly reason: string;

  constructor(message: string, details: HubErrorDetails = {}) {
    super(message);
    this.name = 'HubError';
    this.code = details.code ?? 'unavailable';
    this.cacheUsable = details.cacheUsable ?? true;
    this.reason = details.reason ?? message;
  }
}

/**
 * What actually went wrong under fetch's "fetch failed": the innermost cause with a message, e.g.
 * "connect ECONNREFUSED 127.0.0.1:7860" (an AggregateError of several addresses gives its first).
 */
export function networkCause(e: unknown): string {
  let best = e instanceof Error ? e.message : String(e);
  let c: unknown = e;
  for (let depth = 0; depth < 6 && c instanceof Error; depth++) {
    const errors = (c as { errors?: unknown[] }).errors;
    const code = (c as { code?: unknown }).code;
    if (c.message) best = c.message;
    else if (Array.isArray(errors) && errors[0] instanceof Error && errors[0].message) best = errors[0].message;
    else if (typeof code === 'string') best = code;
    c = c.cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return best;
}
