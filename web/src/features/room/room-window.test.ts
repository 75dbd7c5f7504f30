import { describe, expect, it } from 'vitest';
import { isRoomOpen } from './room-window.ts';
import { linkify, safeHref } from './linkify.tsx';

const o = {
  start: '2026-01-06T19:00:00.000Z',
  end: '2026-01-06T20:00:00.000Z',
  cancelled: false,
  attendance: 'online',
};
const at = (iso: string) => Date.parse(iso);

describe('isRoomOpen', () => {
  it('is open from ten minutes before the start until fifteen after the end', () => {
    expect(isRoomOpen(o, at('2026-01-06T18:49:59Z'))).toBe(false);
    expect(isRoomOpen(o, at('2026-01-06T18:50:00Z'))).toBe(true);
    expect(isRoomOpen(o, at('2026-01-06T20:14:59Z'))).toBe(true);
    expect(isRoomOpen(o, at('2026-01-06T20:15:00Z'))).toBe(false);
  });

  it('is never open for a cancelled or in-person occurrence', () => {
    expect(isRoomOpen({ ...o, cancelled: true }, at('2026-01-06T19:10:00Z'))).toBe(false);
    expect(isRoomOpen({ ...o, attendance: 'in_person' }, at('2026-01-06T19:10:00Z'))).toBe(false);
    expect(isRoomOpen({ ...o, attendance: 'hybrid' }, at('2026-01-06T19:10:00Z'))).toBe(true);
  });
});

describe('linkify', () => {
  it('links http(s) only and keeps a sentence’s full stop out of the link', () => {
    const parts = linkify('Try https://example.org/x. Not ftp://a.b or javascript:alert(1)');
    expect(parts).toHaveLength(3);
    expect(parts[0]).toBe('Try ');
    expect(parts[2]).toBe('. Not ftp://a.b or javascript:alert(1)');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('https://example.org')).toBe('https://example.org/');
  });
});
