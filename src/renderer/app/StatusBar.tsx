import type { ComputeInfo } from '../../shared/api/workspace';
import type { DatasetSummary } from '../../shared/types';
import { invoke } from './client';
import { useApi, useLoad } from './api-context';

/** Workspace, open dataset and — when the engine reports it — the compute engine in use. */
export function StatusBar({ dataset }: { dataset: DatasetSummary | undefined }) {
  const api = useApi();
  const info = useLoad(() => invoke(api, 'workspace.info', {}), [api]);
  const compute = (info.data as { compute?: ComputeInfo } | undefined)?.compute;
  return (
    <footer className="statusbar" aria-label="Status">
      <span title="Workspace folder">{info.data ? info.data.path : '…'}</span>
      {dataset && (
        <span>
          {dataset.name}: {dataset.imageCount.toLocaleString()} images · {dataset.labeledCount.toLocaleString()} labeled
          {dataset.duplicateCount > 0 && ` · ${dataset.duplicateCount.toLocaleString()} duplicates`}
        </span>
      )}
      <span className="grow" />
      {compute && (
        <span title="Compute engine">
          {compute.tfjsDevice}
          {compute.ortProvider && ` · ONNX ${compute.ortProvider}`}
        </span>
      )}
      <span>{api.host === 'electron' ? 'Desktop' : 'Browser (serve)'}</span>
    </footer>
  );
}
