import { describe, expect, it } from 'vitest';
import { RoomFlow } from '../../../contracts/rooms.ts';
import {
  applyFlow,
  currentTurn,
  DEFAULT_AGENDA,
  forgetPerson,
  initialFlowState,
  isRoundActive,
  notSharedYet,
  readFlowState,
  roundOrder,
  TIMER_MAX_SECONDS,
  TIMER_MIN_SECONDS,
  type FlowCommand,
  type FlowContext,
  type FlowState,
  type PresentPerson,
} from './rooms.flow.rules.ts';

const now = new Date('2026-12-02T18:00:00Z');
const fac: PresentPerson = { userId: 'fac', role: 'facilitator' };
const ana: PresentPerson = { userId: 'ana', role: 'member' };
const ben: PresentPerson = { userId: 'ben', role: 'member' };
const cai: PresentPerson = { userId: 'cai', role: 'member' };
const everyone: FlowContext = { now, present: [fac, ana, ben, cai] };

/** Applies commands in turn, failing the test on a refusal. */
function run(cmds: FlowCommand[], ctx: FlowContext = everyone, from?: FlowState): FlowState {
  let state = from ?? initialFlowState(DEFAULT_AGENDA);
  for (const cmd of cmds) {
    const r = applyFlow(state, cmd, ctx);
    if (!r.ok) throw new Error(`${cmd.type} refused: ${r.error.message}`);
    state = r.state;
  }
  return state;
}

function refusal(state: FlowState, cmd: FlowCommand, ctx: FlowContext = everyone) {
  const r = applyFlow(state, cmd, ctx);
  if (r.ok) throw new Error(`${cmd.type} was allowed`);
  return r.error;
}

describe('hands', () => {
  it('keeps raised hands in the order they were raised, without duplicates', () => {
    const s = run([
      { type: 'hand.raise', userId: 'ben' },
      { type: 'hand.raise', userId: 'ana' },
      { type: 'hand.raise', userId: 'ben' },
    ]);
    expect(s.flow.hands).toEqual(['ben', 'ana']);
  });

  it('lowers one hand and leaves the others in order', () => {
    const s = run([
      { type: 'hand.raise', userId: 'ben' },
      { type: 'hand.raise', userId: 'ana' },
      { type: 'hand.raise', userId: 'cai' },
      { type: 'hand.lower', userId: 'ana' },
    ]);
    expect(s.flow.hands).toEqual(['ben', 'cai']);
  });

  it('refuses a hand from someone who is not in the room', () => {
    expect(
      refusal(initialFlowState(DEFAULT_AGENDA), { type: 'hand.raise', userId: 'zoe' }).code,
    ).toBe('not_in_room');
  });
});

describe('the floor', () => {
  it('gives the floor, takes that hand down and counts the person as having shared', () => {
    const s = run([
      { type: 'hand.raise', userId: 'ben' },
      { type: 'hand.raise', userId: 'ana' },
      { type: 'floor.give', userId: 'ana' },
    ]);
    expect(s.flow.floor).toBe('ana');
    expect(s.flow.hands).toEqual(['ben']);
    expect(notSharedYet(s, everyone.present)).toEqual(['ben', 'cai']);
  });

  it('releases the floor', () => {
    const s = run([{ type: 'floor.give', userId: 'ana' }, { type: 'floor.release' }]);
    expect(s.flow.floor).toBeNull();
  });

  it('refuses the floor to someone who is not in the room, naming the field', () => {
    const e = refusal(initialFlowState(DEFAULT_AGENDA), { type: 'floor.give', userId: 'zoe' });
    expect(e).toMatchObject({ code: 'not_found', field: 'userId' });
  });

  it('drops the hand and the floor of someone who leaves', () => {
    const s = run([
      { type: 'hand.raise', userId: 'ben' },
      { type: 'floor.give', userId: 'ana' },
      { type: 'person.left', userId: 'ana' },
      { type: 'person.left', userId: 'ben' },
    ]);
    expect(s.flow.floor).toBeNull();
    expect(s.flow.hands).toEqual([]);
  });
});

describe('the agenda', () => {
  it('starts before the first step and moves forward and back within bounds', () => {
    let s = initialFlowState(DEFAULT_AGENDA);
    expect(s.flow.step).toBeNull();
    expect(refusal(s, { type: 'agenda.back' }).message).toMatch(/first step/);
    s = run(
      DEFAULT_AGENDA.map(() => ({ type: 'agenda.next' }) as const),
      everyone,
      s,
    );
    expect(s.flow.step).toBe(DEFAULT_AGENDA.length - 1);
    expect(refusal(s, { type: 'agenda.next' }).message).toMatch(/last step/);
    s = run([{ type: 'agenda.back' }], everyone, s);
    expect(s.flow.step).toBe(DEFAULT_AGENDA.length - 2);
  });

  it('refuses to advance an empty agenda', () => {
    expect(refusal(initialFlowState([]), { type: 'agenda.next' }).message).toMatch(/no agenda/);
  });
});

describe('rounds', () => {
  it('goes through members in the order they joined, facilitators last', () => {
    expect(roundOrder([fac, ben, ana, { userId: 'fac2', role: 'facilitator' }, cai])).toEqual([
      'ben',
      'ana',
      'cai',
      'fac',
      'fac2',
    ]);
  });

  it('moves through every turn and finishes, recording each outcome', () => {
    let s = run([{ type: 'round.start' }]);
    expect(currentTurn(s.flow)).toBe('ana');
    s = run(
      [
        { type: 'round.turn', outcome: 'shared' },
        { type: 'round.turn', outcome: 'passed' },
        { type: 'round.turn', outcome: 'skipped' },
      ],
      everyone,
      s,
    );
    expect(currentTurn(s.flow)).toBe('fac');
    s = run([{ type: 'round.turn', outcome: 'shared' }], everyone, s);
    expect(isRoundActive(s.flow)).toBe(false);
    expect(s.flow.round?.done).toEqual({
      ana: 'shared',
      ben: 'passed',
      cai: 'skipped',
      fac: 'shared',
    });
    // A pass or a skip is not a share: they are still gently invited.
    expect(notSharedYet(s, everyone.present)).toEqual(['ben', 'cai']);
    expect(refusal(s, { type: 'round.turn', outcome: 'passed' }).message).toMatch(/No round/);
  });

  it('skips over people who left before their turn', () => {
    let s = run([{ type: 'round.start' }]);
    const without = { now, present: [fac, ana, cai] };
    s = run([{ type: 'round.turn', outcome: 'shared' }], without, s);
    expect(currentTurn(s.flow)).toBe('cai');
  });

  it('moves the turn on when the person whose turn it is leaves', () => {
    let s = run([{ type: 'round.start' }]);
    s = run([{ type: 'person.left', userId: 'ana' }], { now, present: [fac, ben, cai] }, s);
    expect(currentTurn(s.flow)).toBe('ben');
  });

  it('refuses a second round while one is going, and allows one after a stop', () => {
    const s = run([{ type: 'round.start' }]);
    expect(refusal(s, { type: 'round.start' }).message).toMatch(/already/);
    const stopped = run([{ type: 'round.stop' }, { type: 'round.start' }], everyone, s);
    expect(stopped.flow.round?.current).toBe(0);
  });

  it('refuses a round in an empty room', () => {
    expect(
      refusal(initialFlowState(DEFAULT_AGENDA), { type: 'round.start' }, { now, present: [] })
        .message,
    ).toMatch(/Nobody/);
  });
});

describe('the share timer', () => {
  it('starts at the given time for the given length and stops', () => {
    const s = run([{ type: 'timer.start', seconds: 180 }]);
    expect(s.flow.timer).toEqual({ startedAt: now.toISOString(), seconds: 180 });
    expect(run([{ type: 'timer.stop' }], everyone, s).flow.timer).toBeNull();
  });

  it.each([0, TIMER_MIN_SECONDS - 1, TIMER_MAX_SECONDS + 1, 90.5])(
    'refuses %s seconds, naming the field',
    (seconds) => {
      const e = refusal(initialFlowState(DEFAULT_AGENDA), { type: 'timer.start', seconds });
      expect(e).toMatchObject({ code: 'validation_failed', field: 'seconds' });
    },
  );

  it.each([TIMER_MIN_SECONDS, TIMER_MAX_SECONDS])('accepts %s seconds', (seconds) => {
    expect(run([{ type: 'timer.start', seconds }]).flow.timer?.seconds).toBe(seconds);
  });
});

describe('reading a stored flow', () => {
  it('starts afresh from the agenda on nothing or a broken shape', () => {
    expect(readFlowState(null, DEFAULT_AGENDA)).toEqual(initialFlowState(DEFAULT_AGENDA));
    expect(readFlowState({ flow: 3 }, DEFAULT_AGENDA)).toEqual(initialFlowState(DEFAULT_AGENDA));
  });

  it('keeps a stored flow as it was', () => {
    const s = run([{ type: 'agenda.next' }, { type: 'floor.give', userId: 'ana' }]);
    expect(readFlowState(JSON.parse(JSON.stringify(s)), [])).toEqual(s);
  });
});

// ── properties over random command sequences ──────────────────────────────────────────

/** A small seeded generator (mulberry32), so a failure can be replayed from its seed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const people: PresentPerson[] = [
  fac,
  ana,
  ben,
  cai,
  { userId: 'dee', role: 'member' },
  { userId: 'fac2', role: 'facilitator' },
];

function randomCommand(rand: () => number): FlowCommand {
  const who = people[Math.floor(rand() * people.length)]!.userId;
  const outcomes = ['shared', 'passed', 'skipped'] as const;
  const cmds: FlowCommand[] = [
    { type: 'hand.raise', userId: who },
    { type: 'hand.raise', userId: who },
    { type: 'hand.lower', userId: who },
    { type: 'floor.give', userId: who },
    { type: 'floor.release' },
    { type: 'agenda.next' },
    { type: 'agenda.back' },
    { type: 'round.start' },
    { type: 'round.turn', outcome: outcomes[Math.floor(rand() * 3)]! },
    { type: 'round.turn', outcome: 'shared' },
    { type: 'round.stop' },
    { type: 'timer.start', seconds: Math.floor(rand() * 2000) },
    { type: 'timer.stop' },
    { type: 'person.left', userId: who },
  ];
  return cmds[Math.floor(rand() * cmds.length)]!;
}

describe('invariants over random meetings', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('hold for seed %i', (seed) => {
    const rand = prng(seed);
    let state = initialFlowState(DEFAULT_AGENDA);
    let present = people.filter(() => rand() < 0.8);
    const everShared = new Set<string>();
    for (let i = 0; i < 200; i++) {
      // People come and go between commands, keeping the order they joined.
      if (rand() < 0.1) {
        const p = people[Math.floor(rand() * people.length)]!;
        if (present.includes(p)) {
          present = present.filter((x) => x !== p);
          state = run([{ type: 'person.left', userId: p.userId }], { now, present }, state);
        } else present = [...present, p];
      }
      const cmd = randomCommand(rand);
      const before = state;
      const r = applyFlow(state, cmd, { now, present });
      if (!r.ok) {
        expect(r.error.message.length).toBeGreaterThan(0);
        continue;
      }
      state = r.state;
      const { flow } = state;
      // The broadcast shape stays valid.
      expect(RoomFlow.safeParse(flow).success).toBe(true);
      // Hands: no duplicates, never the person who has the floor, order kept.
      expect(new Set(flow.hands).size).toBe(flow.hands.length);
      if (flow.floor) expect(flow.hands).not.toContain(flow.floor);
      const kept = before.flow.hands.filter((h) => flow.hands.includes(h));
      expect(flow.hands.slice(0, kept.length)).toEqual(kept);
      // The agenda step stays within the agenda.
      if (flow.step !== null) {
        expect(flow.step).toBeGreaterThanOrEqual(0);
        expect(flow.step).toBeLessThan(flow.agenda.length);
      }
      // A round's position stays within its order; its outcomes are for people in it.
      if (flow.round) {
        expect(flow.round.current).toBeGreaterThanOrEqual(0);
        expect(flow.round.current).toBeLessThanOrEqual(flow.round.order.length);
        for (const id of Object.keys(flow.round.done)) expect(flow.round.order).toContain(id);
        expect(new Set(flow.round.order).size).toBe(flow.round.order.length);
      }
      // The timer is within its bounds.
      if (flow.timer) {
        expect(flow.timer.seconds).toBeGreaterThanOrEqual(TIMER_MIN_SECONDS);
        expect(flow.timer.seconds).toBeLessThanOrEqual(TIMER_MAX_SECONDS);
      }
      // Whoever had the floor or shared in a round is never "not shared yet"; nobody
      // is ever taken off the shared list.
      if (flow.floor) everShared.add(flow.floor);
      for (const [id, outcome] of Object.entries(flow.round?.done ?? {})) {
        if (outcome === 'shared') everShared.add(id);
      }
      expect(new Set(state.shared)).toEqual(new Set([...everShared, ...before.shared]));
      const waiting = notSharedYet(state, present);
      for (const id of waiting) expect(everShared.has(id)).toBe(false);
      for (const id of waiting) expect(present.find((p) => p.userId === id)?.role).toBe('member');
    }
  });
});

describe('forgetting a person (account deletion)', () => {
  it('takes them out of hands, floor, the round and who shared, keeping the turn', () => {
    let s = run([
      { type: 'round.start' },
      { type: 'round.turn', outcome: 'shared' },
      { type: 'hand.raise', userId: 'cai' },
      { type: 'floor.give', userId: 'cai' },
      { type: 'hand.raise', userId: 'ana' },
    ]);
    expect(currentTurn(s.flow)).toBe('ben');
    const stored = { ...s.flow, shared: s.shared, arrivals: ['fac', 'ana', 'ben', 'cai'] };
    const forgotten = forgetPerson(stored, 'ana');
    expect(JSON.stringify(forgotten)).not.toContain('ana');
    expect(currentTurn(forgotten)).toBe('ben');
    s = { flow: forgetPerson(stored, 'cai'), shared: forgetPerson(stored, 'cai').shared ?? [] };
    expect(s.flow.floor).toBeNull();
    expect(RoomFlow.safeParse(forgotten).success).toBe(true);
  });
});
