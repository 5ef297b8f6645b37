// `verify`: checks the hash chain across an audit file and its rotated predecessors and names the first line of
// every modification, deletion, insertion, reordering or truncation; with a public key, checkpoint signatures too.
//
// Files are put in chain order by their links (a file's genesis `prev` = the last hash of the file before), never
// by name. The walk then follows `prev` links line by line; `seq` (covered by each hash) tells a deleted record
// (seq jumps) from one altered and re-hashed (seq continues, link breaks). Classification rules: docs/audit-records.md.
import { ZERO_HASH } from './record.js';
import { loadVerifier, type CheckpointVerifier } from './checkpoint.js';
import { scanFile, type ScannedFile, type ScannedLine } from './verify-read.js';

export type ProblemKind =
  | 'modified'
  | 'deleted'
  | 'inserted'
  | 'reordered'
  | 'truncated'
  | 'malformed'
  | 'bad-signature'
  | 'missing-checkpoint';

export interface VerifyProblem {
  file: string;
  line: number;
  kind: ProblemKind;
  message: string;
}

export interface VerifyOptions {
  /** PEM public key, certificate or private key: checkpoint signatures are checked and required. */
  publicKeyPem?: string;
  /** Longest run of decisions allowed between checkpoints; default: the `every` of the first valid checkpoint. */
  checkpointEvery?: number;
  /** Fail unless the chain starts at its origin (genesis linked to the zero hash): no earlier file may be missing. */
  requireOrigin?: boolean;
  /** Skip lines that are not audit records (a collected stdout stream mixing other logs). */
  ignoreForeign?: boolean;
}

export interface VerifyResult {
  ok: boolean;
  /** Audit records read (all types). */
  records: number;
  decisions: number;
  checkpoints: number;
  /** The files in chain order. */
  files: string[];
  /** False when the first genesis links to a file not given (rotated away by retention, or missing). */
  startsAtOrigin: boolean;
  problems: VerifyProblem[];
}

export async function verifyAuditFiles(paths: string[], opts: VerifyOptions = {}): Promise<VerifyResult> {
  const verifier = opts.publicKeyPem ? loadVerifier(opts.publicKeyPem) : undefined;
  const scanned = await Promise.all(paths.map((p) => scanFile(p)));
  const ordered = orderByLinks(scanned);
  const walk = new ChainWalk(ordered, opts);
  walk.run();
  if (verifier) walk.checkCheckpoints(verifier, opts.checkpointEvery);
  const problems = walk.sortedProblems();
  return {
    ok: problems.length === 0,
    records: walk.entries.filter((e) => e.l.kind === 'record').length,
    decisions: walk.entries.filter((e) => e.l.kind === 'record' && e.l.type === 'audit.decision').length,
    checkpoints: walk.entries.filter((e) => e.l.kind === 'record' && e.l.type === 'audit.checkpoint').length,
    files: ordered.map((f) => f.path),
    startsAtOrigin: walk.startsAtOrigin,
    problems,
  };
}

type Rec = Extract<ScannedLine, { kind: 'record' }>;

/** Runs of files linked genesis-to-tail, the runs ordered by the seq they start at. */
export function orderByLinks(files: ScannedFile[]): ScannedFile[] {
  const firstRec = (f: ScannedFile) => f.lines.find((l): l is Rec => l.kind === 'record');
  const lastRec = (f: ScannedFile) => [...f.lines].reverse().find((l): l is Rec => l.kind === 'record');
  const byLastHash = new Map<string, ScannedFile[]>();
  for (const f of files) {
    const last = lastRec(f);
    if (last) byLastHash.set(last.hash, [...(byLastHash.get(last.hash) ?? []), f]);
  }
  const successor = new Map<ScannedFile, ScannedFile>();
  const hasPredecessor = new Set<ScannedFile>();
  for (const f of files) {
    const first = firstRec(f);
    const before = first?.type === 'audit.genesis' ? byLastHash.get(first.prev)?.find((p) => p !== f) : undefined;
    if (before && !successor.has(before)) {
      successor.set(before, f);
      hasPredecessor.add(f);
    }
  }
  const startSeq = (f: ScannedFile) => firstRec(f)?.seq ?? Number.MAX_SAFE_INTEGER;
  const starts = files.filter((f) => !hasPredecessor.has(f)).sort((a, b) => startSeq(a) - startSeq(b));
  const out: ScannedFile[] = [];
  const seen = new Set<ScannedFile>();
  for (const f of starts) {
    for (let cur: ScannedFile | undefined = f; cur && !seen.has(cur); cur = successor.get(cur)) {
      seen.add(cur);
      out.push(cur);
    }
  }
  return out;
}

interface Entry {
  file: ScannedFile;
  l: ScannedLine;
}

class ChainWalk {
  readonly entries: Entry[];
  startsAtOrigin = true;
  private readonly problems: { at: number; p: VerifyProblem }[] = [];
  private readonly reported = new Set<string>();
  private readonly firstIdxOfHash = new Map<string, number>();
  /** Lines (indexes) whose `prev` is a given hash. */
  private readonly children = new Map<string, number[]>();
  private readonly accepted = new Set<number>();
  private readonly acceptedHashes = new Set<string>();
  private readonly acceptedChildOf = new Map<string, number>();
  private readonly flagged = new Set<number>();

  constructor(files: ScannedFile[], private readonly opts: VerifyOptions) {
    this.entries = files.flatMap((file) => file.lines.map((l) => ({ file, l })));
    this.entries.forEach((e, i) => {
      if (e.l.kind !== 'record') return;
      if (!this.firstIdxOfHash.has(e.l.hash)) this.firstIdxOfHash.set(e.l.hash, i);
      const list = this.children.get(e.l.prev);
      if (list) list.push(i);
      else this.children.set(e.l.prev, [i]);
    });
  }

  run(): void {
    let exp: { idx: number; r: Rec } | null = null;
    const accept = (idx: number, r: Rec) => {
      this.accepted.add(idx);
      this.acceptedHashes.add(r.hash);
      if (!this.acceptedChildOf.has(r.prev)) this.acceptedChildOf.set(r.prev, idx);
      exp = { idx, r };
    };
    for (let idx = 0; idx < this.entries.length; idx++) {
      const { l } = this.entries[idx]!;
      if (l.kind === 'partial') {
        this.report(idx, 'truncated', `last line is cut short (${l.bytes} bytes, no whole record)`);
        continue;
      }
      if (l.kind === 'malformed') {
        this.report(idx, 'malformed', l.reason);
        continue;
      }
      if (l.kind === 'foreign') {
        if (!this.opts.ignoreForeign) this.report(idx, 'inserted', 'not an audit record');
        continue;
      }
      if (l.type === 'audit.genesis' && l.line !== 1) {
        this.report(idx, 'inserted', 'a genesis record inside a file');
        continue;
      }
      if (l.line === 1 && l.type !== 'audit.genesis') {
        this.report(idx, 'deleted', 'the file does not start with its genesis record');
      }
      const e = exp as { idx: number; r: Rec } | null;
      if (!e) {
        this.startsAtOrigin = l.type === 'audit.genesis' && l.prev === ZERO_HASH;
        if (!this.startsAtOrigin && this.opts.requireOrigin) {
          this.report(idx, 'deleted', 'the chain does not start at its origin: earlier records or files are missing');
        }
        if (!l.selfOk) this.report(idx, 'modified', 'the record does not match its hash');
        accept(idx, l);
        continue;
      }
      if (l.prev === e.r.hash) {
        const genuine = this.genuineSibling(e.r.hash, idx);
        if (genuine !== undefined) {
          this.report(idx, 'inserted', `claims the same predecessor as ${this.where(genuine)}, which the chain continues from`);
          continue;
        }
        if (!l.selfOk) {
          const intact = (this.children.get(e.r.hash) ?? []).find((j) => j > idx && (this.entries[j]!.l as Rec).selfOk);
          if (intact !== undefined) {
            this.report(idx, 'inserted', `does not match its hash and claims the same predecessor as ${this.where(intact)}`);
            continue;
          }
          this.report(idx, 'modified', 'the record does not match its hash');
        }
        accept(idx, l);
        continue;
      }
      // The link to the last accepted record is broken.
      if (!l.selfOk) {
        const next = this.nextRecord(idx);
        if (next && next.prev === e.r.hash) {
          this.report(idx, 'inserted', `not part of the chain: the next record links to ${this.where(e.idx)}`);
          continue;
        }
        this.report(idx, 'modified', 'the record does not match its hash');
        accept(idx, l);
        continue;
      }
      if (this.acceptedHashes.has(l.hash)) {
        this.report(idx, 'inserted', `a copy of ${this.where(this.firstIdxOfHash.get(l.hash)!)}`);
        continue;
      }
      const sibling = this.acceptedChildOf.get(l.prev);
      if (sibling !== undefined) {
        this.report(idx, 'inserted', `claims the same predecessor as ${this.where(sibling)}`);
        continue;
      }
      const pred = this.firstIdxOfHash.get(l.prev);
      if (pred !== undefined) {
        if (this.flagged.has(pred)) {
          accept(idx, l); // back in step after an out-of-order record
        } else {
          const where = pred > idx ? `before ${this.where(pred)}, which precedes it in the chain` : `after ${this.where(e.idx)}, but it follows ${this.where(pred)}`;
          this.report(idx, 'reordered', `out of order: seq ${l.seq} comes ${where}`);
          this.flagged.add(idx);
        }
        continue;
      }
      const missing = l.seq - e.r.seq - 1;
      if (missing > 0) {
        const range = missing === 1 ? `seq ${e.r.seq + 1}` : `seq ${e.r.seq + 1}..${l.seq - 1}`;
        const prevEntry = this.entries[e.idx]!;
        if (l.line === 1 && prevEntry.file !== this.entries[idx]!.file) {
          this.reportAt(idx, prevEntry.file.path, prevEntry.l.line + 1, 'deleted', `${missing} record(s) missing at the end of the file (${range})`);
        } else {
          this.report(idx, 'deleted', `${missing} record(s) missing before this line (${range})`);
        }
        accept(idx, l);
      } else if (missing === 0) {
        this.report(e.idx, 'modified', `altered and re-hashed: ${this.where(idx)} links to a different hash`);
        accept(idx, l);
      } else {
        this.report(idx, 'inserted', `seq ${l.seq} does not follow seq ${e.r.seq} and links to no known record`);
      }
    }
  }

  /** With a key: every checkpoint in the chain must be signed by it, and no run of decisions may be too long. */
  checkCheckpoints(verifier: CheckpointVerifier, every?: number): void {
    let limit = every;
    let run = 0;
    let runStart = -1;
    let anyValid = false;
    for (const idx of [...this.accepted].sort((a, b) => a - b)) {
      const l = this.entries[idx]!.l as Rec;
      if (l.checkpoint) {
        const cp = l.checkpoint;
        if (cp.keyId !== verifier.keyId || cp.alg !== verifier.alg) {
          this.report(idx, 'bad-signature', `checkpoint signed by another key (${cp.keyId.slice(0, 16)}…)`);
        } else if (!verifier.verify(cp.input, cp.signature)) {
          this.report(idx, 'bad-signature', 'checkpoint signature does not match the records it seals');
        } else {
          anyValid = true;
          limit ??= cp.every;
          run = 0;
          runStart = -1;
        }
        continue;
      }
      if (l.type !== 'audit.decision') continue;
      run++;
      if (runStart < 0) runStart = idx;
      if (limit !== undefined && run === limit + 1) {
        this.report(idx, 'missing-checkpoint', `more than ${limit} decisions since the last valid checkpoint`);
      }
    }
    if (!anyValid && runStart >= 0) this.report(runStart, 'missing-checkpoint', 'no valid signed checkpoint in the chain');
  }

  sortedProblems(): VerifyProblem[] {
    return this.problems.sort((a, b) => a.at - b.at).map((x) => x.p);
  }

  /**
   * At a fork (two lines claim the same predecessor), the branch the chain goes on from is genuine. Returns that
   * other line when line `idx` is the dead end, else undefined.
   */
  private genuineSibling(prevHash: string, idx: number): number | undefined {
    const siblings = this.children.get(prevHash) ?? [];
    if (siblings.length < 2 || this.hasChild(idx)) return undefined;
    return siblings.find((j) => j !== idx && this.hasChild(j));
  }

  private hasChild(idx: number): boolean {
    const l = this.entries[idx]!.l;
    return l.kind === 'record' && (this.children.get(l.hash)?.length ?? 0) > 0;
  }

  private nextRecord(idx: number): Rec | undefined {
    const next = this.entries[idx + 1]?.l;
    return next?.kind === 'record' ? next : undefined;
  }

  private where(idx: number): string {
    const e = this.entries[idx]!;
    return `${e.file.path}:${e.l.line}`;
  }

  private report(idx: number, kind: ProblemKind, message: string): void {
    const e = this.entries[idx]!;
    this.reportAt(idx, e.file.path, e.l.line, kind, message);
  }

  private reportAt(at: number, file: string, line: number, kind: ProblemKind, message: string): void {
    const key = `${file}:${line}:${kind}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problems.push({ at, p: { file, line, kind, message } });
  }
}
