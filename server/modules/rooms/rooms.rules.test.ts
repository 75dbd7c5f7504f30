import { describe, expect, it } from 'vitest';
import { closesAt, hasRoom, opensAt, roomState, type RoomTimes } from './rooms.rules.ts';

const start = new Date('2026-03-04T00:00:00Z');
const end = new Date('2026-03-04T01:00:00Z');
const base: RoomTimes = { start, end, cancelled: false, openedEarlyAt: null, endedAt: null };
const at = (iso: string) => new Date(iso);

describe('room state from the clock', () => {
  it('opens 10 minutes before the start and closes 15 after the end', () => {
    expect(opensAt(base).toISOString()).toBe('2026-03-03T23:50:00.000Z');
    expect(closesAt(base).toISOString()).toBe('2026-03-04T01:15:00.000Z');
    expect(roomState(base, at('2026-03-03T23:49:59Z'))).toBe('scheduled');
    expect(roomState(base, at('2026-03-03T23:50:00Z'))).toBe('open');
    expect(roomState(base, at('2026-03-04T01:14:59Z'))).toBe('open');
    expect(roomState(base, at('2026-03-04T01:15:00Z'))).toBe('closed');
  });

  it('opens when a facilitator opened it early; ended and cancelled win', () => {
    const early = { ...base, openedEarlyAt: at('2026-03-03T23:30:00Z') };
    expect(roomState(early, at('2026-03-03T23:31:00Z'))).toBe('open');
    expect(
      roomState({ ...base, endedAt: at('2026-03-04T00:40:00Z') }, at('2026-03-04T00:41:00Z')),
    ).toBe('ended');
    expect(roomState({ ...base, cancelled: true }, at('2026-03-04T00:10:00Z'))).toBe('cancelled');
  });

  it('gives rooms to online and hybrid meetings only', () => {
    expect(['online', 'hybrid', 'in_person', 'inactive'].map(hasRoom)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
