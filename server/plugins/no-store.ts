import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** An `onSend` hook: this answer is about the person asking, so nobody may keep a copy. */
export async function noStore(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  reply.header('cache-control', 'no-store');
  return payload;
}

/** Marks every answer of a route plugin (auth, account, admin) as personal: `no-store`. */
export function markAnswersPersonal(app: FastifyInstance): void {
  app.addHook('onSend', noStore);
}
