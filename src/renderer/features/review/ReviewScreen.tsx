import { useEffect, useState } from 'react';
import type { ScreenProps } from '../../app/screen';
import { NearDuplicates } from '../lookalikes/NearDuplicates';
import { useDataSummary } from '../data/use-data-summary';
import { LabelNextQueue } from './LabelNextQueue';
import { SuspiciousQueue } from './SuspiciousQueue';

type Queue = 'suspicious' | 'next' | 'lookalikes';

function queueFromHash(): Queue {
  const q = new URLSearchParams(location.hash.split('?')[1] ?? '').get('queue');
  return q === 'next' || q === 'lookalikes' ? q : 'suspicious';
}

/** The data loop's queues: suspicious labels, label next (with bulk accept), near-duplicates. */
export function ReviewScreen({ datasetId, notify, openDataset }: ScreenProps) {
  const [queue, setQueue] = useState<Queue>(queueFromHash);
  const summary = useDataSummary(datasetId);
  useEffect(() => {
    const onHash = () => setQueue(queueFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  if (datasetId === null) return null;
  const s = summary.data;
  const tabs: { id: Queue; title: string }[] = [
    { id: 'suspicious', title: `Suspicious labels${s?.labelIssues != null ? ` (${s.labelIssues.toLocaleString()})` : ''}` },
    { id: 'next', title: `Label next${s ? ` (${s.unlabeled.toLocaleString()})` : ''}` },
    { id: 'lookalikes', title: 'Near-duplicates' },
  ];
  return (
    <div className="review-screen">
      <div className="toolbar" role="toolbar" aria-label="Queues">
        <div className="segmented review-tabs" role="radiogroup" aria-label="Queue">
          {tabs.map((t) => (
            <button key={t.id} role="radio" aria-checked={queue === t.id} onClick={() => (location.hash = `#/review?queue=${t.id}`)}>
              {t.title}
            </button>
          ))}
        </div>
      </div>
      <div className="review-body">
        {queue === 'suspicious' && <SuspiciousQueue key={datasetId} datasetId={datasetId} notify={notify} />}
        {queue === 'next' && <LabelNextQueue key={datasetId} datasetId={datasetId} notify={notify} />}
        {queue === 'lookalikes' && <NearDuplicates key={datasetId} datasetId={datasetId} notify={notify} openDataset={openDataset} />}
      </div>
    </div>
  );
}
