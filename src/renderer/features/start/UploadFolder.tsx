import { useRef, useState } from 'react';
import { useApi } from '../../app/api-context';
import { useDropZone } from '../../app/use-drop-zone';
import { filesOfDrop, newBatchId, planUpload, type PickedFile } from './upload-plan';

const PARALLEL = 4;

interface Props {
  disabled: boolean;
  /** The uploaded copy's folder on the serve machine, to import. */
  onUploaded(folder: string): void;
  notify(message: string, kind?: 'info' | 'error'): void;
}

/**
 * Browser host: a folder from this computer, picked or dropped, is copied into the serve
 * machine's workspace file by file (the originals are only read) and then imported from there.
 */
export function UploadFolder({ disabled, onUploaded, notify }: Props) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const drop = useDropZone((data) =>
    void filesOfDrop(data.items).then(upload, (err: unknown) => notify(`Cannot read the dropped folder: ${err instanceof Error ? err.message : String(err)}`, 'error')),
  );

  async function upload(picked: PickedFile[]) {
    if (!api.upload || picked.length === 0) return;
    const plan = planUpload(picked);
    const batch = newBatchId();
    setProgress({ done: 0, total: plan.files.length });
    let folder = '';
    let next = 0;
    let failed: string | null = null;
    const worker = async () => {
      while (next < plan.files.length && !failed) {
        const f = plan.files[next++]!;
        const r = await api.upload!(batch, f.relPath, f.file);
        if (!r.ok) failed = `${f.relPath}: ${r.error.message}`;
        else folder = r.value.folder;
        setProgress((p) => p && { ...p, done: p.done + 1 });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    setProgress(null);
    if (failed) return notify(`Upload stopped: ${failed}`, 'error');
    onUploaded(`${folder}/${plan.top}`);
  }

  return (
    <div className={`upload-drop${drop.over ? ' over' : ''}`} {...drop.handlers}>
      <button type="button" onClick={() => input.current?.click()} disabled={disabled || progress !== null}>
        Upload a folder…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        multiple
        aria-label="Folder to upload"
        {...{ webkitdirectory: '' }}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? [], (file) => ({ relPath: file.webkitRelativePath || file.name, file }));
          e.target.value = '';
          void upload(files);
        }}
      />
      <span className="muted small">
        {progress ? (
          <span role="status">
            Copying {progress.done.toLocaleString()} of {progress.total.toLocaleString()} files to the server…
          </span>
        ) : (
          'or drop a folder here: a copy goes to the server’s workspace, your files stay as they are.'
        )}
      </span>
    </div>
  );
}
