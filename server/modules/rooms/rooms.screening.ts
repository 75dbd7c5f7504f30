/**
 * The safety seam: every chat message (sent or edited) passes a screening step before it is
 * stored or shown. The safety issue fills it in (crisis language, abuse, spam); until then
 * the app runs `passThroughScreening`, which allows everything. It is injected through the
 * rooms deps (`RoomsDeps.screenMessage`), so tests and a later implementation swap it.
 */
export interface ScreeningContext {
  roomId: string;
  groupId: string;
  userId: string;
  /** A new message, or an edit of one. */
  kind: 'send' | 'edit';
}

export type ScreeningResult =
  | { action: 'allow' }
  /** Refused outright; the reason is shown to the sender. */
  | { action: 'block'; reason: string }
  /** Not shown now (held for a person to look at); the reason is shown to the sender. */
  | { action: 'hold'; reason: string };

export type ScreenMessage = (
  text: string,
  context: ScreeningContext,
) => ScreeningResult | Promise<ScreeningResult>;

/** Today's screening: allows every message. NOT a safety feature — a seam to fill in. */
export const passThroughScreening: ScreenMessage = () => ({ action: 'allow' });

/** The default seam, under the name the brief uses. */
export const screenMessage: ScreenMessage = passThroughScreening;
