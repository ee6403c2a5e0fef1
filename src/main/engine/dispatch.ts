import type { ZodError } from 'zod';
import { api, type ChannelName, type ParsedRequestOf, type ReplyOf } from '../../shared/api';
import { ApiFailure, err, ok, type Result } from '../../shared/result';

export type Handler<C extends ChannelName> = (
  request: ParsedRequestOf<C>,
) => Promise<ReplyOf<C>> | ReplyOf<C>;

/** Handlers for a subset of the contract, as each domain module provides them. */
export type HandlersFor<K extends ChannelName> = { [C in K]: Handler<C> };
export type Handlers = HandlersFor<ChannelName>;

function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : 'request'}: ${i.message}`)
    .join('; ');
}

/**
 * The one boundary every host goes through: checks the channel exists, validates the request
 * with its schema, runs the handler and turns any failure into a Result. Never throws.
 */
export async function dispatch(
  handlers: Handlers,
  channelName: unknown,
  payload: unknown,
): Promise<Result<unknown>> {
  if (typeof channelName !== 'string' || !Object.hasOwn(api, channelName)) {
    return err('invalid_argument', `Unknown operation: ${String(channelName).slice(0, 80)}`);
  }
  const name = channelName as ChannelName;
  const parsed = api[name].request.safeParse(payload ?? {});
  if (!parsed.success) {
    return err('invalid_argument', `Invalid request for ${name}: ${describeZodError(parsed.error)}`);
  }
  try {
    const handler = handlers[name] as (r: unknown) => unknown;
    return ok(await handler(parsed.data));
  } catch (e) {
    if (e instanceof ApiFailure) return err(e.code, e.message);
    const message = e instanceof Error ? e.message : String(e);
    return err('internal', message);
  }
}
