import type { EngineEvent } from '../../../shared/types';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Engine } from '../../engine/engine';
import { defaultWorkspaceDir } from '../../engine/workspace';

/** A bad argument: reported as one line, exit code 2. */
export class CliUsageError extends Error {}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  /** Returns the process exit code. */
  run(argv: string[]): Promise<number>;
}

export const commonOptions = {
  workspace: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

/** parseArgs with the common options, strict, turning its errors into one-line usage errors. */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({
      args: argv,
      options: { ...commonOptions, ...options },
      allowPositionals,
      strict: true,
    });
  } catch (e) {
    throw new CliUsageError(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
}

export function openEngine(workspace: string | undefined): Engine {
  return new Engine(workspace ?? defaultWorkspaceDir());
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

/** A positive integer id given on the command line. */
export function parseId(text: string, what: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(text)) throw new CliUsageError(`${what} must be a positive integer (got "${text}")`);
  return Number(text);
}

/**
 * The dataset a command works on: --dataset when given (it must exist), else the workspace's only
 * one. With several and no --dataset it refuses and lists them: a script must not split or train
 * the wrong dataset because another was imported since.
 */
export async function pickDataset(engine: Engine, requested: string | undefined): Promise<number> {
  const id = requested !== undefined ? parseId(requested, '--dataset') : undefined;
  const list = await engine.invoke('datasets.list', {});
  const names = list.map((d) => `${d.id} "${d.name}"`).join(', ');
  if (id !== undefined) {
    if (list.some((d) => d.id === id)) return id;
    throw new CliUsageError(`dataset ${id} does not exist${list.length ? ` (datasets: ${names})` : ''}`);
  }
  if (list.length === 1) return list[0]!.id;
  throw new CliUsageError(
    list.length ? `the workspace has ${list.length} datasets (${names}): pass --dataset ID` : 'the workspace has no dataset: run "vit-studio import <folder>" first',
  );
}

/** Resolves at the first engine event `wanted` accepts, or after `ms` (a poll as safety net). */
export function nextEvent(engine: Engine, wanted: (e: EngineEvent) => boolean, ms = 1000): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    const off = engine.on((e) => wanted(e) && done());
    function done() {
      clearTimeout(timer);
      off();
      resolve();
    }
  });
}
