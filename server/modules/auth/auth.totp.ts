import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';

const ISSUER = 'Iconocast';

/** A new, not yet enabled TOTP secret with its otpauth:// URL and an SVG QR code of it. */
export async function newTotpSecret(
  label: string,
): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
  const totp = new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    secret: new OTPAuth.Secret({ size: 20 }),
  });
  const otpauthUrl = totp.toString();
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1 });
  return { secret: totp.secret.base32, otpauthUrl, qrSvg };
}

const PERIOD_MS = 30_000;

/**
 * Checks a 6-digit code against a base32 secret at `now`, allowing one step either side.
 * Returns the 30-second step the code belongs to (so it can be used only once), or null.
 */
export function matchTotpStep(secret: string, code: string, now: Date): number | null {
  const totp = new OTPAuth.TOTP({ issuer: ISSUER, secret: OTPAuth.Secret.fromBase32(secret) });
  const delta = totp.validate({ token: code, window: 1, timestamp: now.getTime() });
  return delta === null ? null : Math.floor(now.getTime() / PERIOD_MS) + delta;
}
