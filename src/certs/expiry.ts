// Reads when a PEM certificate expires, for the expiry metric and for `verdict certs` output.
import forge from 'node-forge';
import { UserError } from '../shared/user-error.js';

/** `notAfter` of the first certificate in `pem` (a bundle's first entry is the leaf by convention). */
export function readCertificateExpiry(pem: string): Date {
  try {
    return forge.pki.certificateFromPem(pem).validity.notAfter;
  } catch (err) {
    throw new UserError(`not a PEM certificate: ${(err as Error).message}`);
  }
}

/** Seconds left before `pem` expires (negative once expired): the value a gauge wants. */
export function secondsUntilExpiry(pem: string, now: Date = new Date()): number {
  return Math.floor((readCertificateExpiry(pem).getTime() - now.getTime()) / 1000);
}
