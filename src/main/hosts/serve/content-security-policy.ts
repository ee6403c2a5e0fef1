/**
 * The one Content-Security-Policy of the UI, for both hosts: the renderer runs only its own
 * bundled script, talks only to its own origin, and shows images from its own origin, the
 * Electron `vit-media:` protocol, or data:/blob: URLs it made itself. Inline styles are allowed
 * because React sets style attributes (grid cell positions); inline script never is.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' vit-media: data: blob:",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers sent with every response of `serve` (and with the Electron page). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
