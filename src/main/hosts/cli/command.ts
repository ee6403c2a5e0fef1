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
