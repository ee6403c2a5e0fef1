/** The only page the window may show: the shipped index.html (hash/query changes allowed). */
export function isOwnPage(target: string, indexUrl: string): boolean {
  try {
    const a = new URL(target);
    const b = new URL(indexUrl);
    return a.protocol === 'file:' && a.host === '' && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/** Reads `--workspace DIR` / `--workspace=DIR` from Electron's argv. */
export function workspaceArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--workspace' && argv[i + 1]) return argv[i + 1];
    if (a.startsWith('--workspace=')) return a.slice('--workspace='.length);
  }
  return undefined;
}
