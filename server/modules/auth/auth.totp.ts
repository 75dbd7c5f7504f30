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

/** Checks a 6-digit code against a base32 secret at `now`, allowing one step either side. */
export function isValidTotp(secret: string, code: string, now: Date): boolean {
  const totp = new OTPAuth.TOTP({ issuer: ISSUER, secret: OTPAuth.Secret.fromBase32(secret) });
  return totp.validate({ token: code, window: 1, timestamp: now.getTime() }) !== null;
}
