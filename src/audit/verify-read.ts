// First step of `verify`: streams one audit file and keeps, per line, only what the chain check needs (hashes,
// seq, type, checkpoint signature input), so files of any size are checked in bounded memory per line.
import { createReadStream } from 'node:fs';
import { recordHash } from './canonical.js';
import { checkpointSigningInput } from './checkpoint.js';
import { AUDIT_RECORD_TYPES } from './record.js';

export interface CheckpointInfo {
  input: string;
  signature: string;
  keyId: string;
  alg: string;
  every: number;
}

export type ScannedLine =
  | { kind: 'record'; line: number; type: string; seq: number; hash: string; prev: string; selfOk: boolean; checkpoint?: CheckpointInfo }
  /** Not valid JSON, or JSON that is not an audit record with the chain fields. */
  | { kind: 'malformed'; line: number; reason: string }
  /** Valid JSON without an `audit.*` type: an operational log line or something else entirely. */
  | { kind: 'foreign'; line: number }
  /** Last line of the file with no newline and no whole record in it: a write cut short. */
  | { kind: 'partial'; line: number; bytes: number };

export interface ScannedFile {
  path: string;
  lines: ScannedLine[];
}

const TYPES = new Set<string>(AUDIT_RECORD_TYPES);

export async function scanFile(path: string): Promise<ScannedFile> {
  const lines: ScannedLine[] = [];
  let pending: Buffer[] = [];
  let lineNo = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      pending.push(chunk.subarray(start, nl));
      lines.push(classify(Buffer.concat(pending).toString('utf8'), ++lineNo));
      pending = [];
      start = nl + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) {
    const rest = Buffer.concat(pending);
    const parsed = classify(rest.toString('utf8'), ++lineNo);
    // A whole record that only lost its newline is intact; anything else at the end is a cut-short write.
    lines.push(parsed.kind === 'record' ? parsed : { kind: 'partial', line: lineNo, bytes: rest.length });
  }
  return { path, lines };
}

function classify(text: string, line: number): ScannedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'malformed', line, reason: text.length === 0 ? 'empty line' : 'not valid JSON' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { kind: 'foreign', line };
  const r = value as Record<string, unknown>;
  if (typeof r.type !== 'string' || !r.type.startsWith('audit.')) return { kind: 'foreign', line };
  if (!TYPES.has(r.type) || typeof r.seq !== 'number' || typeof r.hash !== 'string' || typeof r.prev !== 'string') {
    return { kind: 'malformed', line, reason: 'an audit line without the chain fields' };
  }
  const hash = r.hash;
  let selfOk: boolean;
  try {
    selfOk = recordHash(r) === hash;
  } catch {
    selfOk = false;
  }
  const out: ScannedLine = { kind: 'record', line, type: r.type, seq: r.seq, hash, prev: r.prev, selfOk };
  if (r.type === 'audit.checkpoint') {
    out.checkpoint = {
      input: checkpointSigningInput(r),
      signature: String(r.signature ?? ''),
      keyId: String(r.keyId ?? ''),
      alg: String(r.alg ?? ''),
      every: typeof r.every === 'number' ? r.every : 0,
    };
  }
  return out;
}
