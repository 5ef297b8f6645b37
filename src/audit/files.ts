// File chores of the audit file sink: reading a file's first and last whole line, naming and finding rotated
// files, and deleting those past the retention period.
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

export interface Tail {
  /** Byte offset just past the last newline: everything before it is whole lines. */
  wholeEnd: number;
  /** The last whole line (without its newline), or null when the file has none. */
  lastLine: string | null;
  /** Bytes after the last newline: a line cut short by a crash (or a whole record missing only its newline). */
  partial: Buffer;
}

/** Reads backwards from the end until it has the last whole line, so restarts cost O(last line), not O(file). */
export function readTail(fd: number): Tail {
  // fstat through the fd we hold, not the path, which a rotation may have renamed.
  const size = fstatSync(fd).size;
  let buf = Buffer.alloc(0);
  let start = size;
  for (;;) {
    const newlines = countNewlines(buf);
    if (newlines >= 2 || start === 0) break;
    const len = Math.min(CHUNK, start);
    start -= len;
    const chunk = Buffer.alloc(len);
    readFully(fd, chunk, start);
    buf = Buffer.concat([chunk, buf]);
  }
  const last = buf.lastIndexOf(NEWLINE);
  if (last < 0) return { wholeEnd: 0, lastLine: null, partial: buf };
  const before = last === 0 ? -1 : buf.lastIndexOf(NEWLINE, last - 1);
  return {
    wholeEnd: start + last + 1,
    lastLine: buf.subarray(before + 1, last).toString('utf8'),
    partial: buf.subarray(last + 1),
  };
}

/** The first line of a file (without newline), or null if there is no complete first line. */
export function readFirstLine(path: string): string | null {
  const fd = openSync(path, 'r');
  try {
    let buf = Buffer.alloc(0);
    let pos = 0;
    for (;;) {
      const chunk = Buffer.alloc(CHUNK);
      const n = readSync(fd, chunk, 0, CHUNK, pos);
      if (n === 0) return null;
      buf = Buffer.concat([buf, chunk.subarray(0, n)]);
      pos += n;
      const nl = buf.indexOf(NEWLINE);
      if (nl >= 0) return buf.subarray(0, nl).toString('utf8');
    }
  } finally {
    closeSync(fd);
  }
}

/** `audit.log` → `audit.log.20260301T100000123Z.42`: the time of rotation and the seq of the file's genesis. */
export function rotatedName(file: string, at: Date, genesisSeq: number): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  return `${file}.${stamp}.${genesisSeq}`;
}

export interface RotatedFile {
  path: string;
  genesisSeq: number;
}

/** Rotated siblings of `file`, oldest chain position first. */
export function listRotated(file: string): RotatedFile[] {
  const dir = dirname(file);
  const base = basename(file);
  const pattern = new RegExp(`^${escapeRegExp(base)}\\.\\d{8}T\\d{9}Z\\.(\\d+)$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: RotatedFile[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (m) out.push({ path: join(dir, name), genesisSeq: Number(m[1]) });
  }
  return out.sort((a, b) => a.genesisSeq - b.genesisSeq);
}

/** Deletes rotated files last modified more than `days` ago; the active file is never touched. */
export function applyRetention(file: string, days: number, now: number): string[] {
  const cutoff = now - days * 24 * 60 * 60 * 1000;
  const deleted: string[] = [];
  for (const r of listRotated(file)) {
    try {
      if (statSync(r.path).mtimeMs < cutoff) {
        unlinkSync(r.path);
        deleted.push(r.path);
      }
    } catch {
      // Already gone (another cleanup, an operator): nothing to do.
    }
  }
  return deleted;
}

function readFully(fd: number, target: Buffer, position: number): void {
  let off = 0;
  while (off < target.length) {
    const n = readSync(fd, target, off, target.length - off, position + off);
    if (n === 0) throw new Error('audit: file shrank while being read');
    off += n;
  }
}

function countNewlines(buf: Buffer): number {
  let count = 0;
  for (let i = buf.indexOf(NEWLINE); i >= 0 && count < 2; i = buf.indexOf(NEWLINE, i + 1)) count++;
  return count;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
