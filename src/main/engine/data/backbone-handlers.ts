import type { EngineContext } from '../context';
import type { HandlersFor } from '../dispatch';
import { requireDataset } from '../datasets-store';

// data.backbone / data.chooseBackbone (api/data.ts): the backbone the app's analysis screens use
// for a dataset, one per workspace (datasets.analysis_model, migration 010), not per browser.
export function backboneHandlers(ctx: EngineContext): HandlersFor<'data.backbone' | 'data.chooseBackbone'> {
  const db = ctx.ws.db;
  return {
    'data.backbone': ({ datasetId }) => ({ datasetId, model: requireDataset(db, datasetId).analysis_model ?? null }),
    'data.chooseBackbone': ({ datasetId, model }) => {
      const before = requireDataset(db, datasetId).analysis_model ?? null;
      const chosen = model?.trim() || null;
      if (chosen !== before) {
        db.prepare('UPDATE datasets SET analysis_model = ? WHERE id = ?').run(chosen, datasetId);
        ctx.emit({ type: 'backbone-chosen', datasetId, model: chosen });
      }
      return { datasetId, model: chosen };
    },
  };
}
