import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, serverQuery, withCell } from '../../../src/renderer/features/results/prediction-filter';

describe('gallery filter', () => {
  it('sends only the narrowing the channel can do', () => {
    expect(serverQuery(3, DEFAULT_FILTER)).toEqual({ runId: 3, split: 'test', errorsOnly: false, sort: 'confidence' });
    expect(serverQuery(3, { ...DEFAULT_FILTER, split: 'all', labelId: 7, minConf: 0.2, maxConf: 0.9 })).toEqual({
      runId: 3, errorsOnly: false, labelId: 7, minConf: 0.2, maxConf: 0.9, sort: 'confidence',
    });
  });

  it('a cell asks the engine for exactly its true and predicted label, dropping other narrowing', () => {
    const f = withCell({ ...DEFAULT_FILTER, errorsOnly: true, labelId: 9, minConf: 0.5 }, 1, 2, 'test');
    expect(serverQuery(3, f)).toEqual({ runId: 3, split: 'test', errorsOnly: false, trueLabelId: 1, predictedLabelId: 2, sort: 'confidence' });
  });
});
