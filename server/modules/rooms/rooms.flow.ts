import type { RoomFlow, RoomPerson } from '../../../contracts/rooms.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../policies/index.ts';
import {
  decideRoomFlow,
  type RoomFlowAccess,
  type RoomFlowAction,
  type RoomFlowResources,
} from '../../policies/room-flow.policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findAgendaForRoom } from '../groups/groups.agenda.service.ts';
import * as repo from './rooms.repository.ts';
import * as flowRepo from './rooms.flow.repository.ts';
import {
  applyFlow,
  currentTurn,
  forgetPerson,
  notSharedYet,
  readFlowState,
  type FlowCommand,
  type FlowState,
  type PresentPerson,
} from './rooms.flow.rules.ts';
import { RoomError, type LoadedRoom, type RoomsDeps } from './rooms.service.ts';

/**
 * The meeting's format and fair sharing in a live room: each flow event is checked
 * (`room-flow.policy.ts`), applied to the stored flow (`rooms.flow.rules.ts`) inside one
 * transaction that locks the room, stored in `rooms.flow` (so a restart keeps where the
 * meeting is), then broadcast as `room:flow`. "Not shared yet" goes to facilitators only.
 */

/**
 * What `rooms.flow` holds: the flow everyone sees, plus two server-only fields: who has
 * shared (for "not shared yet") and the order people first arrived in (for rounds).
 */
export type StoredFlow = RoomFlow & { shared?: string[]; arrivals?: string[] };

/** The flow state with its arrival order, as stored. */
export interface LoadedFlow extends FlowState {
  arrivals: string[];
}

/** The broadcast shape of a stored flow: the server-only fields taken off. */
export function publicFlow(flow: RoomFlow): RoomFlow {
  const { agenda, step, floor, hands, round, timer } = flow;
  return { agenda, step, floor, hands, round, timer };
}

/**
 * Reads `rooms.flow`. Before the meeting starts (no step yet) the agenda follows the
 * group's current one, so a facilitator's edit shows in rooms not yet under way.
 */
export async function loadFlow(
  db: DbOrTx,
  room: { flow: unknown },
  /** The room's group, to follow its agenda before the start; null: keep the stored one. */
  groupId: string | null,
): Promise<LoadedFlow> {
  const stored = room.flow as Partial<StoredFlow> | null;
  const agenda = groupId ? await findAgendaForRoom(db, groupId) : (stored?.agenda ?? []);
  const state = readFlowState(
    stored ? { flow: publicFlow(stored as RoomFlow), shared: stored.shared } : null,
    agenda,
  );
  if (state.flow.step === null) state.flow = { ...state.flow, agenda: [...agenda] };
  return { ...state, arrivals: Array.isArray(stored?.arrivals) ? [...stored.arrivals] : [] };
}

export function toStored(state: LoadedFlow): StoredFlow {
  return { ...publicFlow(state.flow), shared: state.shared, arrivals: state.arrivals };
}

/**
 * The people present in the order they first arrived (as this room's flow saw them: those
 * it has not seen yet go last, in the order the realtime layer lists them), with their role
 * in the room. Notes newcomers in `arrivals`.
 */
export function presentInArrivalOrder(
  state: LoadedFlow,
  people: readonly Pick<RoomPerson, 'userId' | 'role'>[],
): PresentPerson[] {
  for (const p of people) if (!state.arrivals.includes(p.userId)) state.arrivals.push(p.userId);
  const rank = new Map(state.arrivals.map((id, i) => [id, i]));
  return [...people]
    .sort((a, b) => rank.get(a.userId)! - rank.get(b.userId)!)
    .map((p) => ({ userId: p.userId, role: p.role }));
}

/** What the snapshot shows of the flow: the public flow, and "not shared yet" for leads. */
export async function flowForSnapshot(
  db: DbOrTx,
  loaded: Pick<LoadedRoom, 'room' | 'occurrence' | 'moderator'>,
  people: readonly RoomPerson[],
): Promise<{ flow: RoomFlow; notSharedYet: string[] | null }> {
  const state = await loadFlow(db, loaded.room, loaded.occurrence.group.id);
  const present = presentInArrivalOrder(state, people);
  return {
    flow: state.flow,
    notSharedYet: loaded.moderator ? notSharedYet(state, present) : null,
  };
}

/** Sends the flow to the room, and "not shared yet" to the facilitators present. */
export function publishFlow(
  deps: Pick<RoomsDeps, 'live'>,
  roomId: string,
  state: FlowState,
  present: readonly PresentPerson[],
): void {
  deps.live.toRoom(roomId, 'room:flow', { roomId, flow: state.flow, notSharedYet: null });
  const waiting = notSharedYet(state, present);
  for (const p of present) {
    if (p.role !== 'facilitator') continue;
    deps.live.toUser(p.userId, 'room:flow', { roomId, flow: state.flow, notSharedYet: waiting });
  }
}

/** Turns a policy refusal into the socket's refusal (a muted hand says `muted`). */
export function refuseUnless(
  deps: Pick<RoomsDeps, 'policy'>,
  actor: Actor,
  action: RoomFlowAction,
  resource: RoomFlowResources[RoomFlowAction],
): void {
  const decision = decideRoomFlow(actor, action, resource as never, deps.policy);
  if (decision.ok) return;
  const code = action === 'room.hand.raise' && resource.muted ? 'muted' : decision.code;
  throw new RoomError(code, decision.message);
}

/** The actor's standing as the room-flow policy reads it (they are in the room). */
export const accessFor = (loaded: Pick<LoadedRoom, 'access'>): RoomFlowAccess => ({
  ...loaded.access,
  present: true,
});

export interface FlowChange {
  /** The action to check, with its resource built from the current flow. */
  authorize: (state: LoadedFlow) => [RoomFlowAction, RoomFlowResources[RoomFlowAction]];
  command: (state: LoadedFlow) => FlowCommand;
  /** Audit events in the same transaction, when the change is audited. */
  audit?: (tx: DbOrTx) => Promise<void>;
}

/**
 * Loads the room's flow under a lock, checks and applies one command, stores it and
 * broadcasts it. Answers the new public flow. `people` is who is in the room now.
 */
export async function changeFlow(
  deps: RoomsDeps,
  actor: Actor,
  loaded: LoadedRoom,
  change: FlowChange,
): Promise<{ flow: RoomFlow; present: PresentPerson[] }> {
  const roomId = loaded.room.id;
  // Read before the transaction: see applyFlowInTx.
  const people = (await deps.people?.(roomId)) ?? [];
  const result = await deps.db.transaction(async (tx) => {
    await repo.lockRoom(tx, roomId);
    const room = await repo.findRoom(tx, roomId);
    if (!room) throw new RoomError('not_found', 'That room was not found.', 'roomId');
    const state = await loadFlow(tx, room, loaded.occurrence.group.id);
    const present = presentInArrivalOrder(state, people);
    const [action, resource] = change.authorize(state);
    refuseUnless(deps, actor, action, resource);
    const applied = applyFlow(state, change.command(state), { now: deps.clock.now(), present });
    if (!applied.ok) {
      throw new RoomError(applied.error.code, applied.error.message, applied.error.field);
    }
    const next: LoadedFlow = { ...applied.state, arrivals: state.arrivals };
    await repo.updateRoom(tx, roomId, { flow: toStored(next) as RoomFlow });
    await change.audit?.(tx);
    return { state: next, present };
  });
  publishFlow(deps, roomId, result.state, result.present);
  return { flow: result.state.flow, present: result.present };
}

/**
 * Applies a command that follows a moderation step (mute, remove, end) inside that step's
 * transaction, with no check of its own: answers the state to publish after the commit.
 * `people` is read before the transaction (the realtime layer's lookup queries the database,
 * which on PGlite's one connection must not wait behind an open transaction).
 */
export async function applyFlowInTx(
  deps: Pick<RoomsDeps, 'clock'>,
  tx: DbOrTx,
  loaded: Pick<LoadedRoom, 'room' | 'occurrence'>,
  people: readonly Pick<RoomPerson, 'userId' | 'role'>[],
  commands: (state: LoadedFlow) => FlowCommand[],
): Promise<{ state: LoadedFlow; present: PresentPerson[] }> {
  const room = await repo.findRoom(tx, loaded.room.id);
  const state = await loadFlow(tx, room ?? loaded.room, loaded.occurrence.group.id);
  const present = presentInArrivalOrder(state, people);
  let next: LoadedFlow = state;
  for (const command of commands(state)) {
    const applied = applyFlow(next, command, { now: deps.clock.now(), present });
    if (applied.ok) next = { ...applied.state, arrivals: state.arrivals };
  }
  await repo.updateRoom(tx, loaded.room.id, { flow: toStored(next) as RoomFlow });
  return { state: next, present };
}

/**
 * Someone's last socket left the room (the realtime layer calls this): their hand goes down,
 * the floor is released if it was theirs, and a round's turn moves on if it was theirs.
 * Broadcast only when something changed. `people` is who is still there.
 */
export async function personLeftFlow(
  deps: Pick<RoomsDeps, 'db' | 'clock' | 'live'>,
  roomId: string,
  userId: string,
  people: readonly Pick<RoomPerson, 'userId' | 'role'>[],
): Promise<void> {
  const result = await deps.db.transaction(async (tx) => {
    await repo.lockRoom(tx, roomId);
    const room = await repo.findRoom(tx, roomId);
    if (!room) return null;
    const state = await loadFlow(tx, room, null);
    const present = presentInArrivalOrder(state, people);
    const applied = applyFlow(
      state,
      { type: 'person.left', userId },
      {
        now: deps.clock.now(),
        present,
      },
    );
    if (!applied.ok || JSON.stringify(applied.state.flow) === JSON.stringify(state.flow)) {
      return null;
    }
    const next: LoadedFlow = { ...applied.state, arrivals: state.arrivals };
    await repo.updateRoom(tx, roomId, { flow: toStored(next) as RoomFlow });
    return { state: next, present };
  });
  if (result) publishFlow(deps, roomId, result.state, result.present);
}

// ── the events ────────────────────────────────────────────────────────────────────────

const lead = (loaded: LoadedRoom) => (): [RoomFlowAction, RoomFlowResources[RoomFlowAction]] => [
  'room.flow.lead',
  accessFor(loaded),
];

/** Raising one's own hand (not while muted); answers the flow. */
export async function raiseHand(deps: RoomsDeps, actor: Actor, loaded: LoadedRoom) {
  return changeFlow(deps, actor, loaded, {
    authorize: () => ['room.hand.raise', accessFor(loaded)],
    command: () => ({ type: 'hand.raise', userId: actor.userId }),
  });
}

/** Lowering one's own hand (muted people too). */
export async function lowerHand(deps: RoomsDeps, actor: Actor, loaded: LoadedRoom) {
  return changeFlow(deps, actor, loaded, {
    authorize: () => ['room.hand.lower', accessFor(loaded)],
    command: () => ({ type: 'hand.lower', userId: actor.userId }),
  });
}

/** Giving someone present the floor (a lead); a muted person is unmuted first. */
export async function giveFloor(deps: RoomsDeps, actor: Actor, loaded: LoadedRoom, userId: string) {
  const participant = await repo.findParticipant(deps.db, loaded.room.id, userId);
  if (participant?.mutedAt) {
    refuseUnless(deps, actor, 'room.flow.lead', accessFor(loaded));
    throw new RoomError('conflict', 'That person is muted: unmute them first.', 'userId');
  }
  return changeFlow(deps, actor, loaded, {
    authorize: lead(loaded),
    command: () => ({ type: 'floor.give', userId }),
  });
}

/** Handing back the floor: whoever has it, or a lead. */
export async function releaseFloor(deps: RoomsDeps, actor: Actor, loaded: LoadedRoom) {
  return changeFlow(deps, actor, loaded, {
    authorize: (s) => [
      'room.floor.release',
      { ...accessFor(loaded), hasFloor: s.flow.floor === actor.userId },
    ],
    command: () => ({ type: 'floor.release' }),
  });
}

/** Agenda, rounds and the timer: the leads' events that take no other argument. */
export async function leadFlow(
  deps: RoomsDeps,
  actor: Actor,
  loaded: LoadedRoom,
  command: Extract<
    FlowCommand,
    { type: 'agenda.next' | 'agenda.back' | 'round.start' | 'round.stop' | 'timer.stop' }
  >,
) {
  return changeFlow(deps, actor, loaded, { authorize: lead(loaded), command: () => command });
}

/** The share timer, 30 s to 30 min (a lead). */
export async function startTimer(
  deps: RoomsDeps,
  actor: Actor,
  loaded: LoadedRoom,
  seconds: number,
) {
  return changeFlow(deps, actor, loaded, {
    authorize: lead(loaded),
    command: () => ({ type: 'timer.start', seconds }),
  });
}

/**
 * Ending the current turn of a round: the person whose turn it is says they shared or
 * pass; a lead may end anyone's turn, and only a lead may skip.
 */
export async function endRoundTurn(
  deps: RoomsDeps,
  actor: Actor,
  loaded: LoadedRoom,
  outcome: 'shared' | 'passed' | 'skipped',
) {
  return changeFlow(deps, actor, loaded, {
    authorize: (s) => [
      'room.round.turn',
      { ...accessFor(loaded), outcome, isActorsTurn: currentTurn(s.flow) === actor.userId },
    ],
    command: () => ({ type: 'round.turn', outcome }),
  });
}

/**
 * Opening the room before its usual time (a lead, while it is still scheduled): audited,
 * and everyone already in the room (the leads) is told it is open.
 */
export async function openEarly(deps: RoomsDeps, actor: Actor, loaded: LoadedRoom) {
  refuseUnless(deps, actor, 'room.open_early', accessFor(loaded));
  const roomId = loaded.room.id;
  await deps.db.transaction(async (tx) => {
    await repo.lockRoom(tx, roomId);
    await repo.updateRoom(tx, roomId, { openedEarlyAt: deps.clock.now() });
    await recordAudit(tx, deps.clock, {
      actorId: actor.userId,
      subjectId: null,
      action: 'room_moderation.opened_early',
      resourceType: 'room',
      resourceId: roomId,
    });
  });
  deps.live.toRoom(roomId, 'room:state', { roomId, state: 'open' });
  return { roomId, state: 'open' as const };
}

/**
 * Account deletion: the person is taken out of every room's stored flow (hands, floor,
 * rounds, who shared, arrivals). For `rooms.personal-data.ts`'s deletion step.
 */
export async function forgetPersonInFlows(tx: DbOrTx, userId: string): Promise<void> {
  for (const room of await flowRepo.listFlowsMentioning(tx, userId)) {
    await flowRepo.saveFlow(tx, room.id, forgetPerson(room.flow as StoredFlow, userId));
  }
}
