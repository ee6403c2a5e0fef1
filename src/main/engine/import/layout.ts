import type { ImportLayout, LabelsFrom, Split } from '../../../shared/types';

/**
 * Where labels and splits come from in a folder tree. With split folders, the first level is
 * train/ val/ test/ (the Hugging Face imagefolder, Kaggle and Roboflow layout) and the levels
 * below it are counted from there: `train/cat/1.png` has `cat` at level 1, as `cat/1.png` does.
 */
export interface FolderLayout {
  splitFolders: boolean;
  /** 1 = the first folder below the root (below the split folder, when there is one). */
  labelLevel: number;
}

/** First-level folder names taken as splits, compared in lower case. */
const SPLIT_NAMES: Record<string, Split> = {
  train: 'train',
  val: 'val',
  valid: 'val',
  validation: 'val',
  test: 'test',
};

export function splitOfFolder(name: string): Split | null {
  return SPLIT_NAMES[name.toLowerCase()] ?? null;
}

/** The split folder a path is in (if the layout has them) and its folders below that. */
export function placeOf(relPath: string, layout: FolderLayout): { split: Split | null; folders: string[] } {
  const folders = relPath.split('/').slice(0, -1);
  const split = layout.splitFolders && folders.length ? splitOfFolder(folders[0]!) : null;
  return { split, folders: split ? folders.slice(1) : folders };
}

/**
 * True when the tree is split folders: every first-level folder that holds files is named as a
 * split. A class called "train" next to "bus" and "car" stays a class.
 */
export function detectSplitFolders(relPaths: readonly string[]): boolean {
  const firstLevel = new Set<string>();
  for (const p of relPaths) {
    const slash = p.indexOf('/');
    if (slash > 0) firstLevel.add(p.slice(0, slash));
  }
  return firstLevel.size > 0 && [...firstLevel].every((f) => splitOfFolder(f) !== null);
}

const MAX_LEVELS = 6;
const MAX_EXAMPLES = 12;

/** What the import found and used, in figures and in one sentence. */
export function describeLayout(relPaths: readonly string[], labelsFrom: LabelsFrom, layout: FolderLayout): ImportLayout {
  const splitFolders = new Map<string, Split>();
  const levels: Set<string>[] = [];
  for (const p of relPaths) {
    const { split, folders } = placeOf(p, layout);
    if (split) splitFolders.set(p.slice(0, p.indexOf('/')), split);
    folders.slice(0, MAX_LEVELS).forEach((name, i) => (levels[i] ??= new Set()).add(name));
  }
  const found = [...splitFolders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([folder, split]) => ({ folder, split }));
  const levelList = levels.map((names, i) => {
    const sorted = [...names].sort();
    return { level: i + 1, count: sorted.length, examples: sorted.slice(0, MAX_EXAMPLES) };
  });
  return { splitFolders: found, labelsFrom, labelLevel: layout.labelLevel, levels: levelList, summary: summarize(found, labelsFrom, layout, levelList) };
}

function summarize(
  found: ImportLayout['splitFolders'],
  labelsFrom: LabelsFrom,
  layout: FolderLayout,
  levels: ImportLayout['levels'],
): string {
  const parts: string[] = [];
  if (found.length) {
    const names = found.map((f) => `${f.folder}/`).join(', ');
    const locked = found.some((f) => f.split === 'test') ? ' (the test split is locked: a re-split only moves train and val)' : '';
    parts.push(`Found split folders ${names}: their images keep that split${locked}`);
  }
  if (labelsFrom === 'folders') {
    const level = levels[layout.labelLevel - 1];
    const where = found.length ? 'below the split folders' : 'below the dataset folder';
    const ordinal = layout.labelLevel === 1 ? 'first' : layout.labelLevel === 2 ? 'second' : `level-${layout.labelLevel}`;
    parts.push(
      level
        ? `labels come from the ${ordinal} folder level ${where} (${level.count} ${level.count === 1 ? 'name' : 'names'}, e.g. ${level.examples.slice(0, 3).join(', ')})`
        : `no folders at level ${layout.labelLevel} ${where}: the images are unlabeled`,
    );
  } else if (labelsFrom === 'filename') parts.push('labels come from the file names');
  else parts.push('images are not labeled');
  const sentence = parts.join('; ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1) + '.';
}
