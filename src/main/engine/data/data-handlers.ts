import { ApiFailure } from '../../../shared/result';
import type { EngineContext } from '../context';
import type { HandlersFor } from '../dispatch';
import { requireDataset } from '../datasets-store';

type DataChannels =
  | 'data.labelIssues'
  | 'data.suggestions'
  | 'data.map'
  | 'data.similar'
  | 'data.nearDuplicates'
  | 'data.summary'
  | 'data.cancel';

// data.* (api/data.ts): the contract is in place; the analyses land next.
export function dataHandlers(ctx: EngineContext): HandlersFor<DataChannels> {
  const db = ctx.ws.db;
  const notYet = ({ datasetId }: { datasetId: number }): never => {
    requireDataset(db, datasetId);
    throw new ApiFailure('unavailable', 'The data-loop analyses are not available in this build yet.');
  };
  return {
    'data.labelIssues': notYet,
    'data.suggestions': notYet,
    'data.map': notYet,
    'data.similar': notYet,
    'data.nearDuplicates': notYet,
    'data.summary': notYet,
    'data.cancel': notYet,
  };
}
