// The serving certificate: read from the cert folder (tls.crt, tls.key), made there with a self-signed CA when the
// folder has none, and swapped into the running server when the files change, without a restart and without
// touching established connections (only new handshakes see the new certificate).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Server } from 'node:https';
import type { SecureContextOptions } from 'node:tls';
import { createSecureContext } from 'node:tls';
import type { Logger } from 'pino';
import { generateCertificates, readCertificateExpiry, writeCertificates } from '../certs/index.js';
import { fingerprint, watchPaths, type Watch } from './watch.js';

export const CERT_FILE = 'tls.crt';
export const KEY_FILE = 'tls.key';
/** TLS 1.2 and 1.3 only; the apiserver speaks both. */
export const TLS_MIN_VERSION = 'TLSv1.2' as const;

export interface ServingCertificate {
  cert: string;
  key: string;
  notAfter: Date;
}

export async function readServingCertificate(dir: string): Promise<ServingCertificate & { fingerprint: string }> {
  const taken = await fingerprint(certificatePaths(dir));
  const [cert, key] = await Promise.all([readFile(join(dir, CERT_FILE), 'utf8'), readFile(join(dir, KEY_FILE), 'utf8')]);
  // Fails here, not at the next handshake, when the key does not belong to the certificate.
  createSecureContext({ cert, key, minVersion: TLS_MIN_VERSION });
  return { cert, key, notAfter: readCertificateExpiry(cert), fingerprint: taken };
}

function certificatePaths(dir: string): string[] {
  return [join(dir, CERT_FILE), join(dir, KEY_FILE)];
}

export interface EnsureOptions {
  namespace: string;
  service: string;
  log: Logger;
}

/**
 * Makes a CA and a serving certificate (SANs: the service's in-cluster names, localhost, 127.0.0.1) in `dir` when it
 * holds no tls.crt. Returns whether it generated them.
 */
export async function ensureServingCertificate(dir: string, options: EnsureOptions): Promise<boolean> {
  const present = await readFile(join(dir, CERT_FILE)).then(() => true, () => false);
  if (present) return false;
  const certs = generateCertificates({ namespace: options.namespace, service: options.service });
  await writeCertificates(dir, certs);
  options.log.warn(
    { dir, notAfter: certs.notAfter.toISOString() },
    'no serving certificate found: generated a self-signed CA and certificate (trust ca.crt, or mount real ones for production)',
  );
  return true;
}

export function tlsOptions(c: ServingCertificate): SecureContextOptions & { ALPNProtocols: string[] } {
  return { cert: c.cert, key: c.key, minVersion: TLS_MIN_VERSION, ALPNProtocols: ['http/1.1'] };
}

/** Polls the certificate files; a complete, matching pair replaces the server's secure context. */
export function watchCertificate(
  server: Server,
  dir: string,
  loaded: { fingerprint: string },
  intervalMs: number,
  log: Logger,
  onLoaded: (c: ServingCertificate) => void,
): Watch {
  const onChange = async () => {
    try {
      const c = await readServingCertificate(dir);
      server.setSecureContext(tlsOptions(c));
      onLoaded(c);
      log.info({ notAfter: c.notAfter.toISOString() }, 'serving certificate reloaded');
    } catch (err) {
      // Between the writes of tls.crt and tls.key the pair does not match: the next change completes it.
      log.warn({ err: { message: (err as Error).message } }, 'serving certificate not reloaded; keeping the current one');
    }
  };
  return watchPaths(certificatePaths(dir), intervalMs, onChange, loaded.fingerprint);
}
