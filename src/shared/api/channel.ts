import type { z } from 'zod';

/**
 * A channel is one operation of the API: a zod schema for its request (validated by every host
 * at its boundary) and a phantom type for its reply. Hosts and clients derive everything else.
 */
export interface Channel<Req extends z.ZodTypeAny, Res> {
  request: Req;
  /** Never read at run time; carries the reply type. */
  reply?: Res;
}

export function channel<Res>() {
  return <Req extends z.ZodTypeAny>(request: Req): Channel<Req, Res> => ({ request });
}
