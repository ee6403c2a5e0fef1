import type { DuplicateGroup } from '../../../../shared/api/images';
import type { Engine } from '../../../engine/engine';
import { openEngine, parseCommandArgs, pickDataset, printJson, type CliCommand } from '../command';

/** Every group of exact copies (the API pages them). */
async function allGroups(engine: Engine, datasetId: number): Promise<DuplicateGroup[]> {
  const groups: DuplicateGroup[] = [];
  for (;;) {
    const page = await engine.invoke('images.duplicateGroups', { datasetId, offset: groups.length, limit: 1000 });
    groups.push(...page.groups);
    if (!page.groups.length || groups.length >= page.total) return groups;
  }
}

export const duplicatesCommand: CliCommand = {
  name: 'duplicates',
  usage: 'duplicates [--dataset ID] [--keep-first] [--json]',
  summary:
    'List the groups of exact copies (same content). --keep-first keeps the first-imported image of each group and leaves the other copies out of the dataset; no file is deleted or moved.',
  async run(argv) {
    const { values } = parseCommandArgs(argv, { dataset: { type: 'string' }, 'keep-first': { type: 'boolean', default: false } });
    const engine = openEngine(values.workspace);
    try {
      const datasetId = await pickDataset(engine, values.dataset);
      const groups = await allGroups(engine, datasetId);
      let excluded = 0;
      if (values['keep-first']) {
        for (const g of groups) excluded += (await engine.invoke('images.keepOne', { imageId: g.images[0]!.id })).excluded;
      }
      if (values.json) {
        printJson({ dataset: datasetId, groups: groups.map((g) => g.images.map((i) => i.relPath)), excluded });
        return 0;
      }
      const lines = [`${groups.length} groups of copies, ${groups.reduce((s, g) => s + g.images.length, 0)} images`];
      for (const g of groups.slice(0, 20)) lines.push(`  ${g.images.map((i) => JSON.stringify(i.relPath)).join(' = ')}`);
      if (groups.length > 20) lines.push(`  … and ${groups.length - 20} more groups`);
      if (values['keep-first']) lines.push(`Kept the first of each group; ${excluded} copies left out of the dataset (files untouched).`);
      process.stdout.write(lines.join('\n') + '\n');
      return 0;
    } finally {
      engine.close();
    }
  },
};
