import type { z } from 'zod';
import type { Channel } from './channel';
import { workspaceApi } from './workspace';
import { appApi } from './app';
import { datasetsApi } from './datasets';
import { imagesApi } from './images';
import { labelsApi } from './labels';
import { splitsApi } from './splits';
import { modelApi } from './model';
import { trainApi } from './train';
import { runsApi } from './runs';
import { augmentApi } from './augment';
import { dataApi } from './data';

/**
 * The whole API contract: every operation any host answers. Each domain lives in its own file;
 * main, preload, `serve` and the renderer all derive their types from this one object.
 */
export const api = {
  ...trainApi,
  ...runsApi,
  ...augmentApi,
  ...workspaceApi,
  ...appApi,
  ...datasetsApi,
  ...imagesApi,
  ...labelsApi,
  ...splitsApi,
  ...modelApi,
  ...dataApi,
} as const;

export type Api = typeof api;
export type ChannelName = keyof Api;
export type RequestOf<C extends ChannelName> = z.input<Api[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Api[C]['request']>;
export type ReplyOf<C extends ChannelName> = Api[C] extends Channel<any, infer R> ? R : never;
export const channelNames = Object.keys(api) as ChannelName[];
