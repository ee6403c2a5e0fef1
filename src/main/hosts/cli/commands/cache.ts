import { CACHE_KINDS, type CacheKind } from '../../../../shared/api/workspace';
import { formatBytes } from '../../../../shared/format';
import { CliUsageError, openEngine, parseCommandArgs, printJson, type CliCommand } from '../command';

const WHAT: Record<CacheKind, string> = { thumbnails: 'thumbnails', features: 'cached features', graphs: 'ONNX graphs' };

export const cacheCommand: CliCommand = {
  name: 'cache',
  usage: 'cache [--clear thumbnails|features|graphs] [--json]',
  summary: 'Show what the workspace caches take on disk, or clear one (it is rebuilt when needed).',
  async run(argv) {
    const { values } = parseCommandArgs(argv, { clear: { type: 'string' } });
    if (values.clear !== undefined && !CACHE_KINDS.includes(values.clear as CacheKind)) {
      throw new CliUsageError(`--clear must be one of ${CACHE_KINDS.join(', ')} (got "${values.clear}")`);
    }
    const engine = openEngine(values.workspace);
    try {
      if (values.clear !== undefined) {
        const cache = values.clear as CacheKind;
        const freed = await engine.invoke('workspace.clearCache', { cache });
        if (values.json) printJson({ cache, ...freed });
        else process.stdout.write(`Cleared ${freed.entries.toLocaleString('en')} ${WHAT[cache]}: ${formatBytes(freed.freedBytes)} freed.\n`);
        return 0;
      }
      const storage = await engine.invoke('workspace.storage', {});
      if (values.json) printJson(storage);
      else {
        for (const c of storage.caches) {
          process.stdout.write(`${WHAT[c.kind].padEnd(16)} ${formatBytes(c.bytes).padStart(9)}  ${c.entries.toLocaleString('en')}\n`);
        }
        process.stdout.write(`${'runs'.padEnd(16)} ${formatBytes(storage.runsBytes).padStart(9)}\n`);
      }
      return 0;
    } finally {
      engine.close();
    }
  },
};
