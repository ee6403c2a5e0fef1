import type { SuggestionsResult } from '../../../shared/api/data';
import { ActionButton } from '../../app/ActionButton';
import { useScopedActionKeys } from '../../app/use-scoped-action-keys';
import { AnalysisGate } from '../data/AnalysisGate';
import { useAnalysis } from '../data/use-analysis';
import { BulkAccept } from './BulkAccept';
import { acceptAction, chooseAction, labelNextActions, skipAction, undoAction, type ReviewContext } from './review-actions';
import { tally } from './review-queue';
import { useReviewSession } from './use-review-session';
import { LabelChip, percent, ReviewCard } from './ReviewCard';

interface Props {
  datasetId: number;
  notify(message: string, kind?: 'info' | 'error'): void;
}

/**
 * "Label next": unlabelled images in the order that teaches the model most (least confident
 * first, spread over the dataset), each with the head's suggestion; the head is trained again
 * in the background as labels arrive, and the list follows.
 */
export function LabelNextQueue({ datasetId, notify }: Props) {
  const view = useAnalysis('data.suggestions', { datasetId, limit: 1000 });
  return (
    <AnalysisGate view={view} title="Training heads on your labels to suggest the rest">
      {(result, stale) => (
        <>
          <BulkAccept datasetId={datasetId} notify={notify} unlabeled={result.unlabeled} />
          <NextReview datasetId={datasetId} result={result} stale={stale} notify={notify} />
        </>
      )}
    </AnalysisGate>
  );
}

function NextReview({ datasetId, result, stale, notify }: Props & { result: SuggestionsResult; stale: boolean }) {
  const { colorOf, queue, commands, picking, openPicker, root, picker } = useReviewSession(datasetId, result.suggestions, notify);
  const item = queue.current;
  const others = (item?.topK ?? []).filter((t) => t.labelId !== item?.suggestedLabelId).slice(0, 4);
  const done = tally(queue.state);

  const ctx: ReviewContext = {
    hasCurrent: !!item && !picking,
    alternatives: others.length,
    canUndo: queue.state.handled.length > 0,
    busy: commands.busy,
    accept: () => item && void commands.setLabel(item, item.suggestedLabelId, item.suggestedLabel, 'accepted'),
    keep: () => undefined,
    choose: openPicker,
    skip: () => item && commands.skip(item.imageId),
    undo: () => void commands.undo(),
    pickAlternative: (n) => {
      const alt = others[n - 1];
      if (item && alt) void commands.setLabel(item, alt.labelId, alt.label, 'relabeled');
    },
  };
  useScopedActionKeys(labelNextActions, ctx, root);

  return (
    <div className="review-queue" ref={root} tabIndex={-1}>
      <p className="small muted review-summary">
        {result.unlabeled.toLocaleString()} unlabelled · this visit: {done.accepted + done.relabeled} labelled
        {stale && ' · suggestions are being updated with your new labels'}
      </p>
      {result.notes.length > 0 && <p className="small muted review-summary">{result.notes.join(' ')}</p>}
      {result.unlabeled === 0 ? (
        <p className="analysis-message">Every image has a label: nothing left to label.</p>
      ) : result.total === 0 ? (
        <p className="analysis-message muted">No suggestion yet: label a few images of at least two classes so a head can be trained.</p>
      ) : !item ? (
        <p className="analysis-message">You went through every suggestion in this list; the next ones come when the head has learned from your labels.</p>
      ) : (
        <ReviewCard
          datasetId={datasetId}
          image={item}
          position={`Image ${result.suggestions.length - queue.pending.length + 1} of ${result.total.toLocaleString()} to label`}
          facts={
            <dl className="review-dl">
              <dt>Suggested</dt>
              <dd>
                <LabelChip name={item.suggestedLabel} color={colorOf.get(item.suggestedLabelId)} extra={percent(item.score)} />
              </dd>
              {others.length > 0 && (
                <>
                  <dt>Or</dt>
                  <dd className="alternatives">
                    {others.map((o, i) => (
                      <button key={o.labelId} className="chip" disabled={commands.busy} onClick={() => ctx.pickAlternative(i + 1)}>
                        <kbd>{i + 1}</kbd>
                        {o.label}
                        <span className="muted mono">{percent(o.score)}</span>
                      </button>
                    ))}
                  </dd>
                </>
              )}
            </dl>
          }
          actions={
            <>
              <ActionButton action={acceptAction} ctx={ctx} className="primary">
                Label “{item.suggestedLabel}”
              </ActionButton>
              <ActionButton action={chooseAction} ctx={ctx} />
              <ActionButton action={skipAction} ctx={ctx} />
              <ActionButton action={undoAction} ctx={ctx} />
            </>
          }
        />
      )}
      {picker((image, labelId, name) => void commands.setLabel(image, labelId, name, 'relabeled'))}
    </div>
  );
}
