import type { LabelsFrom } from '../../../shared/types';
import { placeOf, type FolderLayout } from './layout';

/**
 * The label a file gets at import:
 * - folders: its folder at the layout's label level (1 = first level, counted below a split
 *   folder); files with fewer folders get none;
 * - filename: the name without extension and trailing `_<digits>` (Oxford Pets: Abyssinian_12.jpg);
 * - none: no label.
 */
export function labelFromPath(
  relPath: string,
  labelsFrom: LabelsFrom,
  layout: FolderLayout = { splitFolders: false, labelLevel: 1 },
): string | null {
  let name: string | null = null;
  if (labelsFrom === 'folders') {
    name = placeOf(relPath, layout).folders[layout.labelLevel - 1] ?? null;
  } else if (labelsFrom === 'filename') {
    const base = relPath.slice(relPath.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    const stem = dot > 0 ? base.slice(0, dot) : base;
    name = stem.replace(/[_\s-]*\d+$/, '') || null;
  }
  if (name === null) return null;
  // Label names are shown everywhere: one line, bounded length.
  const clean = name.replace(/[\u0000-\u001f]+/g, ' ').trim().slice(0, 100);
  return clean || null;
}
