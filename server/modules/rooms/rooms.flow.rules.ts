import {
  DEFAULT_AGENDA,
  type AckError,
  type AgendaStep,
  type RoomFlow,
} from '../../../contracts/rooms.ts';

/**
 * The meeting's format and fair sharing, as a pure reducer: agenda, hands, floor, rounds and
 * the share timer. No database, no clock of its own (`now` arrives in the context), no
 * permissions (those are `server/policies/room-flow.policy.ts`): only what the meeting's
 * state allows. `rooms.flow.ts` loads the state, authorizes, applies a command here, stores
 * the result in `rooms.flow` and broadcasts it.
 */

/** Bounds of the share timer, in seconds (as `SetTimer` in the contract). */
export const TIMER_MIN_SECONDS = 30;
export const TIMER_MAX_SECONDS = 30 * 60;

/**
 * What is stored in `rooms.flow`: the flow everyone sees, and beside it who has shared in
 * this meeting (had the floor, or `shared` in a round). `shared` never leaves the server
 * except as the facilitators' "not shared yet" list.
 */
export interface FlowState {
  flow: RoomFlow;
  shared: string[];
}

/** Someone present, in the order they joined the room. */
export interface PresentPerson {
  userId: string;
  role: 'member' | 'facilitator';
}

export interface FlowContext {
  now: Date;
  /** Everyone in the room now, in the order they (first) joined. */
  present: readonly PresentPerson[];
}

export type FlowCommand =
  | { type: 'hand.raise'; userId: string }
  | { type: 'hand.lower'; userId: string }
  | { type: 'floor.give'; userId: string }
  | { type: 'floor.release' }
  | { type: 'agenda.next' }
  | { type: 'agenda.back' }
  | { type: 'round.start' }
  | { type: 'round.turn'; outcome: 'shared' | 'passed' | 'skipped' }
  | { type: 'round.stop' }
  | { type: 'timer.start'; seconds: number }
  | { type: 'timer.stop' }
  /** Someone left or was removed: their hand goes down, and the floor if it was theirs. */
  | { type: 'person.left'; userId: string };

export type FlowCommandType = FlowCommand['type'];

export type FlowResult = { ok: true; state: FlowState } | { ok: false; error: AckError };

export { DEFAULT_AGENDA };

/** The state of a meeting that has not started: no step, nobody speaking, nobody shared. */
export function initialFlowState(agenda: readonly AgendaStep[]): FlowState {
  return {
    flow: { agenda: [...agenda], step: null, floor: null, hands: [], round: null, timer: null },
    shared: [],
  };
}

/**
 * The order of a round: members present in the order they joined, then the facilitators
 * present (in the order they joined), so members are invited first and the facilitators,
 * who hold the space, speak last. A facilitator may skip themselves.
 */
export function roundOrder(present: readonly PresentPerson[]): string[] {
  const members = present.filter((p) => p.role === 'member').map((p) => p.userId);
  const facilitators = present.filter((p) => p.role === 'facilitator').map((p) => p.userId);
  return [...new Set([...members, ...facilitators])];
}

/**
 * Members present who have not shared yet in this meeting (not had the floor, not `shared`
 * in a round), in the order they joined. Facilitators are not listed: the list is for them.
 * A pass or a skip does not count as sharing: the person is still gently invited later.
 */
export function notSharedYet(state: FlowState, present: readonly PresentPerson[]): string[] {
  const shared = new Set(state.shared);
  return present.filter((p) => p.role === 'member' && !shared.has(p.userId)).map((p) => p.userId);
}

/** Whether a round is going and not yet finished (someone's turn). */
export function isRoundActive(flow: RoomFlow): boolean {
  return flow.round !== null && flow.round.current < flow.round.order.length;
}

/** Whose turn it is in the round, or null (no round, or the round has finished). */
export function currentTurn(flow: RoomFlow): string | null {
  if (!flow.round) return null;
  return flow.round.order[flow.round.current] ?? null;
}

const refuse = (message: string, code = 'conflict', field?: string): FlowResult => ({
  ok: false,
  error: field ? { code, message, field } : { code, message },
});
const next = (state: FlowState, flow: Partial<RoomFlow>, shared = state.shared): FlowResult => ({
  ok: true,
  state: { flow: { ...state.flow, ...flow }, shared },
});
const withShared = (shared: readonly string[], userId: string) =>
  shared.includes(userId) ? [...shared] : [...shared, userId];

/**
 * The next turn from `from` on: the first person in the order still present and not yet
 * done; `order.length` when there is none (the round has finished).
 */
function nextTurn(
  order: readonly string[],
  from: number,
  done: Record<string, unknown>,
  present: ReadonlySet<string>,
): number {
  let i = from;
  while (i < order.length && (!present.has(order[i]!) || order[i]! in done)) i++;
  return i;
}

/** Applies one command; a refusal says why in words a person can read. */
export function applyFlow(state: FlowState, cmd: FlowCommand, ctx: FlowContext): FlowResult {
  const { flow } = state;
  const presentIds = new Set(ctx.present.map((p) => p.userId));
  switch (cmd.type) {
    case 'hand.raise': {
      if (!presentIds.has(cmd.userId)) return refuse('Join the room first.', 'not_in_room');
      if (flow.floor === cmd.userId) return refuse('You have the floor already.');
      if (flow.hands.includes(cmd.userId)) return next(state, {});
      return next(state, { hands: [...flow.hands, cmd.userId] });
    }
    case 'hand.lower':
      return next(state, { hands: flow.hands.filter((h) => h !== cmd.userId) });
    case 'floor.give': {
      if (!presentIds.has(cmd.userId)) {
        return refuse('That person is not in the room.', 'not_found', 'userId');
      }
      return next(
        state,
        { floor: cmd.userId, hands: flow.hands.filter((h) => h !== cmd.userId) },
        withShared(state.shared, cmd.userId),
      );
    }
    case 'floor.release':
      return next(state, { floor: null });
    case 'agenda.next': {
      if (flow.agenda.length === 0) return refuse('This group has no agenda steps.');
      const step = flow.step === null ? 0 : flow.step + 1;
      if (step >= flow.agenda.length) return refuse('This is the last step of the agenda.');
      return next(state, { step });
    }
    case 'agenda.back': {
      if (flow.step === null || flow.step === 0) {
        return refuse('This is the first step of the agenda.');
      }
      return next(state, { step: flow.step - 1 });
    }
    case 'round.start': {
      if (isRoundActive(flow)) return refuse('A round is going already; stop it first.');
      const order = roundOrder(ctx.present);
      if (order.length === 0) return refuse('Nobody is in the room yet.');
      return next(state, { round: { order, current: 0, done: {} }, floor: null, timer: null });
    }
    case 'round.turn': {
      const round = flow.round;
      const who = currentTurn(flow);
      if (!round || who === null) return refuse('No round is going.');
      const done = { ...round.done, [who]: cmd.outcome };
      const current = nextTurn(round.order, round.current + 1, done, presentIds);
      return next(
        state,
        { round: { order: round.order, current, done }, timer: null },
        cmd.outcome === 'shared' ? withShared(state.shared, who) : state.shared,
      );
    }
    case 'round.stop': {
      if (!flow.round) return refuse('No round is going.');
      return next(state, { round: null });
    }
    case 'timer.start': {
      if (
        !Number.isInteger(cmd.seconds) ||
        cmd.seconds < TIMER_MIN_SECONDS ||
        cmd.seconds > TIMER_MAX_SECONDS
      ) {
        return refuse(
          `Choose between ${TIMER_MIN_SECONDS} seconds and ${TIMER_MAX_SECONDS / 60} minutes.`,
          'validation_failed',
          'seconds',
        );
      }
      return next(state, { timer: { startedAt: ctx.now.toISOString(), seconds: cmd.seconds } });
    }
    case 'timer.stop':
      return next(state, { timer: null });
    case 'person.left': {
      const round = flow.round;
      // The one whose turn it is left: the turn moves on to the next person present.
      const stillPresent = new Set([...presentIds].filter((id) => id !== cmd.userId));
      const movedRound =
        round && currentTurn(flow) === cmd.userId
          ? { ...round, current: nextTurn(round.order, round.current, round.done, stillPresent) }
          : round;
      return next(state, {
        hands: flow.hands.filter((h) => h !== cmd.userId),
        floor: flow.floor === cmd.userId ? null : flow.floor,
        round: movedRound,
      });
    }
  }
}

/**
 * Reads a stored flow (jsonb) back, tolerating a missing or older shape: anything unreadable
 * starts again from the group's agenda rather than breaking the room.
 */
export function readFlowState(stored: unknown, agenda: readonly AgendaStep[]): FlowState {
  if (!stored || typeof stored !== 'object') return initialFlowState(agenda);
  const s = stored as Partial<FlowState>;
  if (!s.flow || !Array.isArray(s.flow.agenda) || !Array.isArray(s.flow.hands)) {
    return initialFlowState(agenda);
  }
  return { flow: s.flow, shared: Array.isArray(s.shared) ? s.shared : [] };
}

/**
 * A stored flow with a person taken out everywhere (account deletion): hands, floor, the
 * round's order and outcomes, who shared. Other fields (e.g. `arrivals`) are filtered too.
 */
export function forgetPerson<T extends RoomFlow & { shared?: string[]; arrivals?: string[] }>(
  stored: T,
  userId: string,
): T {
  const keep = (ids: readonly string[] | undefined) => ids?.filter((id) => id !== userId);
  let round = stored.round;
  if (round) {
    const index = round.order.indexOf(userId);
    const order = round.order.filter((id) => id !== userId);
    const done = Object.fromEntries(Object.entries(round.done).filter(([id]) => id !== userId));
    const current = index >= 0 && index < round.current ? round.current - 1 : round.current;
    round = { order, current: Math.min(current, order.length), done };
  }
  return {
    ...stored,
    floor: stored.floor === userId ? null : stored.floor,
    hands: keep(stored.hands) ?? [],
    round,
    ...(stored.shared ? { shared: keep(stored.shared) } : {}),
    ...(stored.arrivals ? { arrivals: keep(stored.arrivals) } : {}),
  };
}
