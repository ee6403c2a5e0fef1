import { useState } from 'react';
import { ApiCallError, invoke } from '../../app/client';
import { useApi } from '../../app/api-context';
import { Modal } from '../../app/Modal';
import { PathInput } from '../../app/PathInput';
import type { ScreenProps } from '../../app/screen';

const FORMATS = [
  { value: 'hf', name: 'Hugging Face folder', hint: 'config.json + model.safetensors: AutoModelForImageClassification.from_pretrained loads it (ViT, DINOv2, CLIP or SigLIP).' },
  { value: 'onnx', name: 'ONNX model', hint: 'One model.onnx (fp32, standard ops) for ONNX Runtime and other runtimes, with its configs.' },
] as const;
type Format = (typeof FORMATS)[number]['value'];

/** Writes a run to a folder as a Hugging Face checkpoint or an ONNX model. */
export function ExportDialog({ runId, onClose, notify }: { runId: number; onClose(): void } & Pick<ScreenProps, 'notify'>) {
  const api = useApi();
  const [format, setFormat] = useState<Format>('hf');
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The folder holds files this app did not write: the engine answered 'conflict'; ask before overwriting.
  const [confirmOverwrite, setConfirmOverwrite] = useState(false);
  const electron = api.host === 'electron';

  async function choose() {
    const picked = await api.call('dialog.openFolder', { title: `Export run #${runId} to` });
    if (picked.ok && picked.value.path) {
      setFolder(picked.value.path);
      setConfirmOverwrite(false);
    }
  }

  async function exportRun(overwrite = false) {
    if (!folder.trim()) {
      setError(electron ? 'Choose a folder first.' : 'Type the path of a folder first.');
      return;
    }
    setBusy(true);
    setError(null);
    setConfirmOverwrite(false);
    try {
      const out = await invoke(api, 'runs.export', { runId, folder: folder.trim(), format, overwrite });
      notify(`Exported run #${runId} to ${out.folder} (${out.files.map((f) => f.split(/[\\/]/).pop()).join(', ')}).`);
      onClose();
    } catch (e) {
      setError(e instanceof ApiCallError ? e.message : String(e));
      setConfirmOverwrite(e instanceof ApiCallError && e.code === 'conflict');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal role="dialog" labelledBy="export-title" className="export-dialog" onClose={onClose}>
      {(focusRef) => (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void exportRun();
          }}
        >
          <h2 id="export-title">Export run #{runId}</h2>
          <div className="dialog-body">
            <fieldset className="export-formats" disabled={busy}>
              <legend>Format</legend>
              {FORMATS.map((f) => (
                <label key={f.value} className="export-format">
                  <input type="radio" name="export-format" value={f.value} checked={format === f.value} onChange={() => setFormat(f.value)} />
                  <span>
                    <strong>{f.name}</strong>
                    <span className="small muted"> — {f.hint}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="export-folder">
              {electron ? (
                <>
                  <button type="button" onClick={() => void choose()} disabled={busy}>
                    Choose folder…
                  </button>
                  <span className="mono small">{folder || 'no folder chosen'}</span>
                </>
              ) : (
                <PathInput
                  label="Export folder"
                  placeholder="/home/me/models/my-classifier (on the machine running serve)"
                  value={folder}
                  onChange={(v) => {
                    setFolder(v);
                    setConfirmOverwrite(false);
                  }}
                  disabled={busy}
                />
              )}
            </div>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            {confirmOverwrite && (
              <button type="button" className="danger" onClick={() => void exportRun(true)} disabled={busy}>
                Overwrite the files in this folder
              </button>
            )}
          </div>
          <div className="dialog-actions">
            {api.exportDownloadUrl && (
              // The browser host also downloads the export to this computer, as one zip.
              <a className="button download-zip" href={api.exportDownloadUrl(runId, format)} download onClick={() => notify(`Preparing run #${runId} as a zip: the download starts when it is ready.`)}>
                Download .zip
              </a>
            )}
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button ref={focusRef} type="submit" className="primary" disabled={busy}>
              {busy ? 'Exporting…' : 'Export'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
