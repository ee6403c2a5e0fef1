import { useState } from 'react';
import type { ImportReport, JobProgress, LabelsFrom } from '../../../shared/types';
import { ApiCallError, invoke } from '../../app/client';
import { useApi, useEngineEvents, useLoad } from '../../app/api-context';
import type { ScreenProps } from '../../app/screen';
import { ImportProgress } from './ImportProgress';
import { ImportReportView } from './ImportReportView';
import { StorageCard } from './StorageCard';
import { DatasetList } from './DatasetList';
import { UploadFolder } from './UploadFolder';
import { DataLoopCard } from '../data/DataLoopCounts';
import { PathInput } from '../../app/PathInput';

const LABELS_FROM: { value: LabelsFrom; text: string }[] = [
  { value: 'folders', text: 'Sub-folder names' },
  { value: 'filename', text: 'File name prefix' },
  { value: 'none', text: 'No labels' },
];

/** Recent datasets and importing a folder (native dialog or drop in the app; typed path in a browser). */
export function StartScreen({ datasetId, openDataset, notify }: ScreenProps) {
  const api = useApi();
  const datasets = useLoad(() => invoke(api, 'datasets.list', {}), [api]);
  const [folder, setFolder] = useState('');
  const [labelsFrom, setLabelsFrom] = useState<LabelsFrom>('folders');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [dragging, setDragging] = useState(false);

  useEngineEvents((e) => {
    if (e.type === 'progress' && e.progress.kind === 'import') setProgress(e.progress);
  });

  async function runImport(path: string) {
    const trimmed = path.trim();
    if (!trimmed) {
      notify('Type the path of a folder of images first.', 'error');
      return;
    }
    setBusy(true);
    setReport(null);
    setProgress(null);
    try {
      const result = await invoke(api, 'datasets.import', { folder: trimmed, labelsFrom });
      setReport(result);
      datasets.reload();
      notify(`Imported ${result.images.toLocaleString()} images.`);
    } catch (e) {
      notify(e instanceof ApiCallError ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  }

  async function pickFolder() {
    const picked = await api.call('dialog.openFolder', { title: 'Import a folder of images' });
    if (picked.ok && picked.value.path) {
      setFolder(picked.value.path);
      await runImport(picked.value.path);
    } else if (!picked.ok && picked.error.code !== 'unavailable') notify(picked.error.message, 'error');
  }

  function onDrop(e: React.DragEvent) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    const path = file ? api.pathForFile(file) : '';
    if (path) {
      setFolder(path);
      void runImport(path);
    } else notify('Drop a folder from your file manager (desktop app), or type its path.', 'error');
  }

  const electron = api.host === 'electron';
  return (
    <div
      className={`start ${dragging ? 'dragging' : ''}`}
      onDragOver={(e) => {
        if (!electron) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={electron ? onDrop : undefined}
    >
      <section className="card import-card" aria-labelledby="import-title">
        <h1 id="import-title">Import images</h1>
        <p className="muted">
          {electron
            ? 'Drop a folder anywhere on this window, or choose one. '
            : 'Upload a folder from this computer, or type the path of a folder on the machine running vit-studio serve. '}
          Sub-folders become labels; images directly in the folder stay unlabeled.
        </p>
        <form
          className="import-form"
          onSubmit={(e) => {
            e.preventDefault();
            void runImport(folder);
          }}
        >
          {electron ? (
            <button type="button" className="primary" onClick={pickFolder} disabled={busy}>
              Open folder…
            </button>
          ) : (
            <>
              <PathInput label="Folder path" placeholder="/home/me/photos" value={folder} onChange={setFolder} disabled={busy} autoFocus />
              <button type="submit" className="primary" disabled={busy}>
                {busy ? 'Importing…' : 'Import'}
              </button>
            </>
          )}
          <label className="field-inline">
            Labels from
            <select value={labelsFrom} onChange={(e) => setLabelsFrom(e.target.value as LabelsFrom)} disabled={busy}>
              {LABELS_FROM.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.text}
                </option>
              ))}
            </select>
          </label>
        </form>
        {!electron && api.upload && (
          <UploadFolder
            disabled={busy}
            notify={notify}
            onUploaded={(uploaded) => {
              setFolder(uploaded);
              void runImport(uploaded);
            }}
          />
        )}
        {busy && <ImportProgress progress={progress} />}
        {report && <ImportReportView report={report} onOpen={() => openDataset(report.dataset)} />}
      </section>

      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">Datasets</h2>
        {datasets.error && <p className="error">{datasets.error}</p>}
        {datasets.data && datasets.data.length === 0 && <p className="muted">No datasets yet: import a folder above.</p>}
        {datasets.data && datasets.data.length > 0 && (
          <DatasetList datasets={datasets.data} onOpen={(id) => openDataset(id)} onChanged={datasets.reload} notify={notify} />
        )}
      </section>

      {datasetId !== null && <DataLoopCard datasetId={datasetId} name={datasets.data?.find((d) => d.id === datasetId)?.name} />}

      <StorageCard notify={notify} />
    </div>
  );
}
