import { CliUsageError, type CliCommand } from './command';
import { infoCommand } from './commands/info';
import { serveCommand } from './commands/serve';
import { importCommand } from './commands/import';
import { splitCommand } from './commands/split';
import { predictCommand } from './commands/predict';
import { trainCommand } from './commands/train';
import { runsCommand } from './commands/runs';
import { exportCommand } from './commands/export';
import { cacheCommand } from './commands/cache';
import { dataCommands } from './commands/data';
import { duplicatesCommand } from './commands/duplicates';

// Every command of `vit-studio`. Each lives in commands/<name>.ts.
const commands: CliCommand[] = [infoCommand, serveCommand, importCommand, splitCommand, predictCommand, trainCommand, runsCommand, exportCommand, cacheCommand, duplicatesCommand, ...dataCommands];

const COMMON = 'Common options: --workspace DIR (or VIT_STUDIO_HOME), --json, --help';

/** `vit-studio <command> --help`: the command's usage and what it does, on stdout, exit 0. */
function commandHelp(c: CliCommand): string {
  return `Usage: vit-studio ${c.usage}\n\n${c.summary}\n\n${COMMON}\n`;
}

/** --help or -h among a command's arguments (before a "--" that ends the options). */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

function usage(): string {
  const lines = commands.map((c) => `  vit-studio ${c.usage}\n      ${c.summary}`);
  return `Usage: vit-studio <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n${COMMON}; "vit-studio <command> --help" for one command.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`vit-studio: unknown command "${name}". Run "vit-studio --help".\n`);
    return 2;
  }
  if (asksForHelp(rest)) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof CliUsageError) {
      process.stderr.write(`vit-studio ${name}: ${e.message}\n`);
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`vit-studio ${name}: ${message}\n`);
    return 1;
  }
}

/** Runs the CLI with this process's arguments and sets its exit code (bin/vit-studio.js calls it). */
export function run(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`vit-studio: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) run();
