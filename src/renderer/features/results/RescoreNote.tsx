import { invoke } from '../../app/client';
import { useApi, useEngineEvents, useLoad } from '../../app/api-context';
import { percent } from '../train/format';

/**
 * Says when a run's test labels changed since it trained, with the run scored on today's labels
 * (runs.compare): its recorded accuracy was computed against the old answer key.
 */
export function RescoreNote({ datasetId, runId }: { datasetId: number; runId: number }) {
  const api = useApi();
  const comparison = useLoad(() => invoke(api, 'runs.compare', { datasetId, runIds: [runId] }), [api, datasetId, runId]);
  useEngineEvents((e) => e.type === 'dataset-changed' && e.datasetId === datasetId && comparison.reload());
  const score = comparison.data?.runs[0];
  if (!score || (score.testLabelsChanged === 0 && score.testSetChanged === 0)) return null;
  const parts = [
    score.testLabelsChanged ? `${score.testLabelsChanged} of this run's test label${score.testLabelsChanged === 1 ? '' : 's'} changed` : null,
    score.testSetChanged ? `${score.testSetChanged} image${score.testSetChanged === 1 ? '' : 's'} moved in or out of test` : null,
  ].filter(Boolean);
  return (
    <p className="rescore-note" role="status" data-testid="rescore-note">
      <span aria-hidden="true">⚠</span> {parts.join(' and ')} since it trained: the figures above use the old answer key.
      {score.current && (
        <>
          {' '}
          On today's labels ({comparison.data!.count} test images): accuracy <strong>{percent(score.current.accuracy)}</strong>, macro F1{' '}
          <strong>{percent(score.current.macroF1)}</strong>.
        </>
      )}
    </p>
  );
}
