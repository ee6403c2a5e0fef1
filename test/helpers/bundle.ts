import path from 'node:path';
import { build } from 'esbuild';

/** The repository's root folder. */
export const REPO = path.resolve(__dirname, '../..');

/**
 * Bundles one TypeScript entry of src/ into `outfile` the way `npm run build` bundles it (Node 20,
 * CommonJS, packages external), so a child process runs the current source without a full build.
 */
export async function bundleEntry(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [path.join(REPO, entry)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    outfile,
    absWorkingDir: REPO,
    logLevel: 'error',
  });
  return outfile;
}
