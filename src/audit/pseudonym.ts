// Keyed pseudonyms for user names (GDPR Art. 4(5)): the same person always maps to the same token, and only the
// key holder can link a token back to a name by recomputing it.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Shortest key accepted: an HMAC key shorter than this could be guessed, which would undo the pseudonyms. */
export const MIN_PSEUDONYM_KEY_BYTES = 16;
export const PSEUDONYM_PREFIX = 'hmac-sha256:';

export interface PseudonymiseConfig {
  keyFile?: string;
  keyEnv?: string;
}

/**
 * Reads the key: the file's bytes (one trailing newline dropped, as `echo` leaves one) or the UTF-8 bytes of the
 * environment variable; the file wins when both are set. Throws rather than falling back to clear names.
 */
export function loadPseudonymKey(config: PseudonymiseConfig, env: NodeJS.ProcessEnv = process.env): Buffer {
  let key: Buffer;
  if (config.keyFile) {
    key = readFileSync(config.keyFile);
    if (key.length > 0 && key[key.length - 1] === 0x0a) key = key.subarray(0, key.length - 1);
  } else if (config.keyEnv) {
    const value = env[config.keyEnv];
    if (!value) throw new Error(`audit: pseudonymisation key variable ${config.keyEnv} is not set`);
    key = Buffer.from(value, 'utf8');
  } else {
    throw new Error('audit: pseudonymisation needs keyFile or keyEnv');
  }
  if (key.length < MIN_PSEUDONYM_KEY_BYTES) {
    throw new Error(`audit: pseudonymisation key must be at least ${MIN_PSEUDONYM_KEY_BYTES} bytes`);
  }
  return key;
}

/**
 * Machine identities (`system:…`, which includes service accounts) are not natural persons, and auditors need to
 * see which controller acted, so they are kept in clear.
 */
export function isMachineIdentity(username: string): boolean {
  return username.startsWith('system:');
}

export function pseudonym(username: string, key: Buffer): string {
  return PSEUDONYM_PREFIX + createHmac('sha256', key).update(username, 'utf8').digest('hex');
}
