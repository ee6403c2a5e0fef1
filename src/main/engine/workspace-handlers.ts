import type { EngineContext } from './context';
import type { HandlersFor } from './dispatch';
import { APP_VERSION } from '../../shared/version';

export function workspaceHandlers(ctx: EngineContext): HandlersFor<'workspace.info'> {
  return {
    'workspace.info': () => {
      const count = (sql: string) => (ctx.ws.db.prepare(sql).get() as { n: number }).n;
      return {
        path: ctx.ws.paths.root,
        version: APP_VERSION,
        datasets: count('SELECT count(*) AS n FROM datasets'),
        runs: 0,
      };
    },
  };
}
