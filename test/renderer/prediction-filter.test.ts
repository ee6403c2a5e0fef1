import { describe, expect, it } from 'vitest';
import type { PredictionItem } from '../../src/shared/api/runs';
import { clientFilter, DEFAULT_FILTER, serverQuery, withCell } from '../../src/renderer/features/results/prediction-filter';

const item = (imageId: number, t: number, p: number): PredictionItem => ({
  imageId, relPath: `${imageId}.jpg`, datasetId: 1, split: 'test', trueLabelId: t, trueLabel: `l${t}`, predictedLabelId: p,
  predictedLabel: `l${p}`, confidence: 0.5, correct: t === p, topK: [],
});

describe('gallery filter', () => {
  it('sends only the narrowing the channel can do', () => {
    expect(serverQuery(3, DEFAULT_FILTER)).toEqual({ runId: 3, split: 'test', errorsOnly: false, sort: 'confidence' });
    expect(serverQuery(3, { ...DEFAULT_FILTER, split: 'all', labelId: 7, minConf: 0.2, maxConf: 0.9 })).toEqual({
      runId: 3, errorsOnly: false, labelId: 7, minConf: 0.2, maxConf: 0.9, sort: 'confidence',
    });
  });

  it('a cell asks the server for its true label and keeps its predicted label here', () => {
    const f = withCell({ ...DEFAULT_FILTER, errorsOnly: true, labelId: 9, minConf: 0.5 }, 1, 2, 'test');
    expect(serverQuery(3, f)).toEqual({ runId: 3, split: 'test', errorsOnly: false, labelId: 1, sort: 'confidence' });
    const items = [item(1, 1, 1), item(2, 1, 2), item(3, 1, 2), item(4, 2, 1)];
    expect(clientFilter(items, f).map((p) => p.imageId)).toEqual([2, 3]);
    expect(clientFilter(items, DEFAULT_FILTER)).toHaveLength(4);
  });
});
