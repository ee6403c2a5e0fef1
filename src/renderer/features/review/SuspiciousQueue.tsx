import { useState } from 'react';
import type { LabelIssuesResult } from '../../../shared/api/data';
import { ActionButton } from '../../app/ActionButton';
import { useScopedActionKeys } from '../../app/use-scoped-action-keys';
import { AnalysisGate } from '../data/AnalysisGate';
import { useAnalysis } from '../data/use-analysis';
import { acceptAction, chooseAction, keepAction, skipAction, suspiciousActions, undoAction, type ReviewContext } from './review-actions';
import { KeptLabels } from './KeptLabels';
import { tally } from './review-queue';
import { useReviewSession } from './use-review-session';
import { LabelChip, percent, ReviewCard } from './ReviewCard';

interface Props {
  datasetId: number;
  notify(message: string, kind?: 'info' | 'error'): void;
}

/** "Review suspicious labels": confident learning's flagged images, most suspicious first. */
export function SuspiciousQueue({ datasetId, notify }: Props) {
  const view = useAnalysis('data.labelIssues', { datasetId, limit: 1000 });
  return (
    <AnalysisGate view={view} title="Checking every label (5-fold cross-validation)">
      {(result) => <IssuesReview datasetId={datasetId} result={result} notify={notify} />}
    </AnalysisGate>
  );
}

function IssuesReview({ datasetId, result, notify }: Props & { result: LabelIssuesResult }) {
  const { colorOf, queue, commands, picking, openPicker, root, picker } = useReviewSession(datasetId, result.issues, notify);
  const [showKept, setShowKept] = useState(false);
  const issue = queue.current;
  const done = tally(queue.state);

  const ctx: ReviewContext = {
    hasCurrent: !!issue && !picking && !showKept,
    alternatives: 0,
    canUndo: queue.state.handled.length > 0,
    busy: commands.busy,
    accept: () => issue && void commands.setLabel(issue, issue.suggestedLabelId, issue.suggestedLabel, 'accepted'),
    keep: () => issue && void commands.keep(issue.imageId),
    choose: openPicker,
    skip: () => issue && commands.skip(issue.imageId),
    undo: () => void commands.undo(),
    pickAlternative: () => undefined,
  };
  useScopedActionKeys(suspiciousActions, ctx, root);

  const summary = `${result.checked.toLocaleString()} labelled images checked with ${result.folds}-fold heads (out-of-fold accuracy ${percent(result.outOfFoldAccuracy)})`;
  return (
    <div className="review-queue" ref={root} tabIndex={-1}>
      <p className="small muted review-summary">
        {summary} · {result.total.toLocaleString()} suspicious ·{' '}
        <button className="link-button" aria-pressed={showKept} onClick={() => setShowKept((v) => !v)}>
          {result.kept.toLocaleString()} kept
        </button>{' '}
        · this visit: {done.accepted} accepted, {done.relabeled} relabelled, {done.kept} kept
      </p>
      {result.notes.length > 0 && <p className="small muted review-summary">{result.notes.join(' ')}</p>}
      {showKept ? (
        <KeptLabels datasetId={datasetId} notify={notify} onClose={() => setShowKept(false)} />
      ) : result.checked === 0 ? (
        <p className="analysis-message muted">No labelled image could be checked yet: every label needs a few labelled images (at least 3) before its labels can be checked; label a few more of each.</p>
      ) : result.total === 0 ? (
        <p className="analysis-message">
          {result.kept
            ? result.kept === 1
              ? 'No suspicious labels left: the flagged image whose label you kept stays out of this queue.'
              : `No suspicious labels left: the ${result.kept.toLocaleString()} flagged images whose label you kept stay out of this queue.`
            : 'No suspicious labels: every checked label agrees with what the other images teach the model.'}
        </p>
      ) : !issue ? (
        <p className="analysis-message">You went through every suspicious label in this list. It is checked again in the background after your changes.</p>
      ) : (
        <ReviewCard
          datasetId={datasetId}
          image={issue}
          position={`Suspicious label ${result.issues.length - queue.pending.length + 1} of ${result.total.toLocaleString()} · rank ${issue.rank}`}
          facts={
            <dl className="review-dl">
              <dt>Given label</dt>
              <dd>
                <LabelChip name={issue.givenLabel} color={colorOf.get(issue.givenLabelId)} extra={percent(issue.confidence)} />
              </dd>
              <dt>Suggested</dt>
              <dd>
                <LabelChip name={issue.suggestedLabel} color={colorOf.get(issue.suggestedLabelId)} extra={percent(issue.suggestedConfidence)} />
              </dd>
            </dl>
          }
          actions={
            <>
              <ActionButton action={acceptAction} ctx={ctx} className="primary">
                Accept “{issue.suggestedLabel}”
              </ActionButton>
              <ActionButton action={keepAction} ctx={ctx}>
                Keep “{issue.givenLabel}”
              </ActionButton>
              <ActionButton action={chooseAction} ctx={ctx} />
              <ActionButton action={skipAction} ctx={ctx} />
              <ActionButton action={undoAction} ctx={ctx} />
            </>
          }
        />
      )}
      {picker((image, labelId, name) => {
        if (labelId === image.givenLabelId) void commands.keep(image.imageId);
        else void commands.setLabel(image, labelId, name, 'relabeled');
      })}
    </div>
  );
}
