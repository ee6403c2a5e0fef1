import fs from 'node:fs';
import path from 'node:path';
import type { JobProgress, LabelsFrom } from '../../../../shared/types';
import { CliUsageError, openEngine, parseCommandArgs, parseId, printJson, type CliCommand } from '../command';

const LABEL_SOURCES: readonly LabelsFrom[] = ['folders', 'filename', 'none'];

/** One-line progress bar on stderr (redrawn in place on a terminal, one line per phase otherwise). */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  let lastPhase = '';
  return (p: JobProgress) => {
    if (stream.isTTY) {
      const width = 30;
      const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
      const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
      const eta = p.etaSeconds !== null ? ` eta ${p.etaSeconds}s` : '';
      const message = p.message ? ` · ${p.message}` : '';
      stream.write(`\r${p.phase.padEnd(14)} [${bar}] ${p.done}/${p.total} ${p.rate.toFixed(p.rate < 10 ? 1 : 0)}/s${eta}${message}\x1b[K`);
    } else if (p.phase !== lastPhase) {
      stream.write(`${p.phase}${p.total ? ` (${p.total})` : ''}…\n`);
    }
    lastPhase = p.phase;
  };
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import <folder> [--labels-from folders|filename|none] [--label-level N] [--no-split-folders] [--name N] [--json]',
  summary:
    'Import (or rescan) a folder of images as a dataset. train/ val/ test/ at the first level are split folders (classes below, splits kept) unless --no-split-folders; --label-level N takes labels from the N-th folder level.',
  async run(argv) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        'labels-from': { type: 'string', default: 'folders' },
        'label-level': { type: 'string', default: '1' },
        'no-split-folders': { type: 'boolean', default: false },
        name: { type: 'string' },
      },
      true,
    );
    if (positionals.length !== 1) throw new CliUsageError('expected exactly one folder to import');
    const folder = path.resolve(positionals[0]!);
    const labelsFrom = values['labels-from'] as LabelsFrom;
    if (!LABEL_SOURCES.includes(labelsFrom)) {
      throw new CliUsageError(`--labels-from must be one of ${LABEL_SOURCES.join(', ')} (got "${labelsFrom}")`);
    }
    if (!fs.existsSync(folder)) throw new CliUsageError(`folder not found: ${folder}`);
    if (!fs.statSync(folder).isDirectory()) throw new CliUsageError(`not a folder: ${folder}`);
    if (values.name !== undefined && !values.name.trim()) throw new CliUsageError('--name must not be empty');
    const labelLevel = parseId(values['label-level'], '--label-level');
    if (labelLevel > 32) throw new CliUsageError(`--label-level must be at most 32 (got ${labelLevel})`);

    const engine = openEngine(values.workspace);
    const stopProgress = values.json
      ? () => {}
      : (() => {
          const print = progressPrinter();
          return engine.on((e) => e.type === 'progress' && print(e.progress));
        })();
    try {
      const report = await engine.invoke('datasets.import', {
        folder,
        labelsFrom,
        name: values.name,
        labelLevel,
        splitFolders: !values['no-split-folders'],
      });
      stopProgress();
      if (values.json) {
        printJson(report);
        return 0;
      }
      if (process.stderr.isTTY) process.stderr.write('\n');
      const labels = Object.entries(report.labels)
        .map(([name, n]) => `${name} ${n}`)
        .join(', ');
      const lines = [
        `Dataset ${report.dataset}: ${report.images} images (${report.added} new, ${report.vanished} vanished)`,
        report.layout.summary,
        `Splits: train ${report.splits.train}, val ${report.splits.val}, test ${report.splits.test}`,
        `Labels: ${labels || 'none'}; unlabeled ${report.unlabeled}`,
        `Duplicates: ${report.duplicates}`,
        `Skipped: ${report.skipped.length}`,
        ...report.skipped.slice(0, 20).map((s) => `  ${JSON.stringify(s.path)}: ${s.reason}`),
        ...(report.skipped.length > 20 ? [`  … and ${report.skipped.length - 20} more`] : []),
      ];
      process.stdout.write(lines.join('\n') + '\n');
      return 0;
    } finally {
      stopProgress();
      engine.close();
    }
  },
};
