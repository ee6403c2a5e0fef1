// Which files a folder upload sends, under which relative paths, and which folder is imported
// afterwards (pure: unit-tested).

export interface PickedFile {
  /** 'photos/cat/a.jpg' for a picked or dropped folder; 'a.jpg' for a loose file. */
  relPath: string;
  file: Blob;
}

/** Folder the loose files of a drop (no folder around them) are put in. */
export const LOOSE_FOLDER = 'dropped-files';

/**
 * The upload as sent: every file under one top folder (a folder picked or dropped keeps its own
 * name, which becomes the dataset's name; loose files go under `dropped-files`), and that folder.
 */
export function planUpload(files: readonly PickedFile[]): { top: string; files: PickedFile[] } {
  const tops = new Set(files.map((f) => (f.relPath.includes('/') ? f.relPath.slice(0, f.relPath.indexOf('/')) : '')));
  if (tops.size === 1 && !tops.has('')) return { top: [...tops][0]!, files: [...files] };
  // Several folders or loose files: one folder around them all, so the import sees them together.
  return { top: LOOSE_FOLDER, files: files.map((f) => ({ ...f, relPath: `${LOOSE_FOLDER}/${f.relPath}` })) };
}

/** A random id for one upload batch (the server's uploads/<batch>/ folder). */
export function newBatchId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Walks dropped folders (webkitGetAsEntry) into files with their relative paths. */
export async function filesOfDrop(items: DataTransferItemList): Promise<PickedFile[]> {
  const entries = Array.from(items, (i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  const out: PickedFile[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      out.push({ relPath: `${prefix}${entry.name}`, file });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries answers in batches (100 in Chromium) until an empty one.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (!batch.length) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, '');
  return out;
}
