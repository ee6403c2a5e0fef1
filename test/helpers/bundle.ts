import { spawnSync } from 'node:child_process';
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

/**
 * Runs the bundled CLI (`cliJs`) as a child process on a workspace, its workers from `workerEntry`,
 * as a user's shell would; returns the exit code and both streams.
 */
export function runCli(cliJs: string, workerEntry: string, workspace: string, args: string[]) {
  const r = spawnSync(process.execPath, [cliJs, ...args, '--workspace', workspace], {
    encoding: 'utf8',
    env: { ...process.env, VIT_STUDIO_ROOT: REPO, VIT_STUDIO_WORKER_ENTRY: workerEntry, NODE_PATH: path.join(REPO, 'node_modules') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
