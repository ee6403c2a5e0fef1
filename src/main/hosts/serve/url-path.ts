/**
 * Splits a request pathname into decoded segments, refusing everything that could step outside
 * the folder it will be joined to: `..` and `.` (raw or percent-encoded), encoded or raw
 * backslashes, encoded slashes inside a segment, NUL bytes, drive letters and empty segments
 * (`//` would make an absolute path). Returns null when the path is refused.
 */
export function safeSegments(pathname: string): string[] | null {
  if (!pathname.startsWith('/')) return null;
  const raw = pathname.slice(1).split('/');
  const out: string[] = [];
  for (const [i, part] of raw.entries()) {
    if (part === '' && i === raw.length - 1 && i > 0) return null; // trailing slash
    if (part === '') return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (decoded === '.' || decoded === '..') return null;
    if (/[\\/\0]/.test(decoded)) return null;
    if (/^[a-zA-Z]:/.test(decoded)) return null;
    out.push(decoded);
  }
  return out;
}
