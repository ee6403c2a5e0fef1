import type { LabelsFrom } from '../../../shared/types';

/**
 * The label a file gets at import:
 * - folders: its first-level folder (ImageFolder layout); files directly in the root get none;
 * - filename: the name without extension and trailing `_<digits>` (Oxford Pets: Abyssinian_12.jpg);
 * - none: no label.
 */
export function labelFromPath(relPath: string, labelsFrom: LabelsFrom): string | null {
  let name: string | null = null;
  if (labelsFrom === 'folders') {
    const slash = relPath.indexOf('/');
    name = slash > 0 ? relPath.slice(0, slash) : null;
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
