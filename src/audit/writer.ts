// The one audit writer per process: seals decisions into a SHA-256 hash chain and makes them durable before
// write() resolves. Serve and scan both use it; docs/audit-records.md describes the records and the guarantees.
//
// Writes queue up and are committed in batches (group commit): every write() made in one event-loop turn, or while
// the previous batch was being fsync'd, goes out as one write + one fsync (at most MAX_RECORDS_PER_COMMIT records
// per turn of the event loop), and each promise resolves only after that fsync. Any failure rolls the file back to
// the last durable byte and the chain state is re-read from disk.
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, renameSync, statSync } from 'node:fs';
import { sha256Hex, type HashFunction } from './canonical.js';
import { buildDecisionBody } from './build.js';
import { loadSigner, type CheckpointSigner } from './checkpoint.js';
import { applyRetention, listRotated, readFirstLine, readTail, rotatedName } from './files.js';
import { loadPseudonymKey } from './pseudonym.js';
import { ZERO_HASH, type DecisionForAudit, type RecordBody } from './record.js';
import { canonicalRecord, sealBody, type ChainPosition, type SealedLine } from './seal.js';
import { FileSink, StdoutSink, type Sink } from './sink.js';

export interface AuditConfig {
  sink: 'stdout' | 'file';
  /** Active file of the file sink; rotated files sit beside it as `<file>.<UTC stamp>.<genesis seq>`. */
  file?: string;
  /** Rotate before a record would take the file past maxBytes, or at the first write after intervalMs. */
  rotate?: { maxBytes?: number; intervalMs?: number };
  /** Rotated files last modified longer ago than this are deleted (at startup and at each rotation). */
  retentionDays?: number;
  /** Present = user names are replaced by HMAC-SHA256 pseudonyms keyed from the file or variable. */
  pseudonymise?: { keyFile?: string; keyEnv?: string };
  /** Sign a checkpoint after every `every` decision records, at startup and at close. */
  checkpoint?: { keyFile: string; every: number };
}

export interface AuditWriter {
  /**
   * Resolves once the record is durable: fsync'd (file sink) or written to fd 1 (stdout sink). `assigned` carries
   * the record id and time when the caller fixed them already (a cluster worker answers with the id before the
   * primary writes the record).
   */
  write(d: DecisionForAudit, assigned?: AssignedIdentity): Promise<{ id: string }>;
  /** Commits queued records, writes a final checkpoint if configured, and releases the file. */
  close(): Promise<void>;
}

export interface AssignedIdentity {
  id: string;
  /** ISO 8601, as `new Date().toISOString()` writes it. */
  time: string;
}

/** Minimal operational logger (a pino logger fits); audit records never go through it. */
export interface OpLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface AuditWriterDeps {
  oplog?: OpLog;
  /** Clock in ms, for rotation and retention (tests move it forward). */
  now?: () => number;
  env?: NodeJS.ProcessEnv;
  /** Replaces SHA-256: only the benchmark's no-hash baseline uses this. */
  hash?: HashFunction;
  /** fd of the stdout sink (default 1). */
  stdoutFd?: number;
}

/** Records sealed and written in one go (one write, one fsync); more wait for the next turn of the event loop. */
export const MAX_RECORDS_PER_COMMIT = 128;

/** Writes queued beyond this are refused, so a stalled disk cannot grow memory without bound. */
export const MAX_PENDING_WRITES = 10_000;

interface Pending {
  body: RecordBody;
  id: string;
  time: string;
  resolve(v: { id: string }): void;
  reject(e: unknown): void;
}

interface ChainState {
  seq: number;
  hash: string;
  /** Decision records since the last checkpoint. */
  sinceCheckpoint: number;
}

const SILENT: OpLog = { info() {}, warn() {}, error() {} };

export function createAuditWriter(config: AuditConfig, deps: AuditWriterDeps = {}): AuditWriter {
  return new ChainWriter(config, deps);
}

class ChainWriter implements AuditWriter {
  private readonly now: () => number;
  private readonly hash: HashFunction;
  private readonly log: OpLog;
  private readonly pseudonymKey?: Buffer;
  private readonly signer?: CheckpointSigner;
  private readonly every: number;
  private sink: Sink | null = null;
  private chain: ChainState = { seq: -1, hash: ZERO_HASH, sinceCheckpoint: 0 };
  // File sink bookkeeping for the current file.
  private fileBytes = 0;
  private fileStartedAt = 0;
  private fileGenesisSeq = 0;
  private recordsInFile = 0;
  private queue: Pending[] = [];
  private draining: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly config: AuditConfig, deps: AuditWriterDeps) {
    this.now = deps.now ?? Date.now;
    this.hash = deps.hash ?? sha256Hex;
    this.log = deps.oplog ?? SILENT;
    if (config.sink === 'file' && !config.file) throw new Error('audit: the file sink needs a file');
    if (config.sink !== 'file' && config.sink !== 'stdout') throw new Error(`audit: unknown sink ${String(config.sink)}`);
    if (config.pseudonymise) this.pseudonymKey = loadPseudonymKey(config.pseudonymise, deps.env ?? process.env);
    this.every = 0;
    if (config.checkpoint) {
      const every = config.checkpoint.every;
      if (!Number.isInteger(every) || every < 1) throw new Error('audit: checkpoint.every must be a positive integer');
      this.signer = loadSigner(readFileSync(config.checkpoint.keyFile, 'utf8'));
      this.every = every;
    }
    if (config.sink === 'stdout') {
      this.sink = new StdoutSink(deps.stdoutFd ?? 1);
      this.writeNow([{ type: 'audit.genesis' }]);
    } else {
      this.openFile();
    }
  }

  write(d: DecisionForAudit, assigned?: AssignedIdentity): Promise<{ id: string }> {
    if (this.closed) return Promise.reject(new Error('audit: writer is closed'));
    if (this.queue.length >= MAX_PENDING_WRITES) return Promise.reject(new Error('audit: too many pending writes'));
    let body: RecordBody;
    try {
      body = buildDecisionBody(d, { pseudonymKey: this.pseudonymKey });
    } catch (err) {
      return Promise.reject(err);
    }
    // Time and id are fixed at the decision, not at the commit.
    const id = assigned?.id ?? randomUUID();
    const time = assigned?.time ?? new Date(this.now()).toISOString();
    return new Promise((resolve, reject) => {
      this.queue.push({ body, id, time, resolve, reject });
      this.draining ??= new Promise<void>((r) => setImmediate(r)).then(() => this.drain());
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.draining;
    try {
      if (this.signer && this.chain.sinceCheckpoint > 0) {
        this.ensureOpen();
        this.writeNow([this.checkpointBody()]);
      }
    } finally {
      await this.sink?.close();
      this.sink = null;
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      // A bounded batch per turn of the event loop: sealing is synchronous work, and a scan can queue hundreds of
      // records at once while admission requests wait on the same loop.
      const batch = this.queue.splice(0, MAX_RECORDS_PER_COMMIT);
      try {
        await this.commit(batch);
      } catch (err) {
        this.log.error({ err: { message: (err as Error).message } }, 'audit write failed');
        for (const p of batch) p.reject(err);
        this.recover();
      }
      if (this.queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
    }
    this.draining = null;
  }

  /** Writes a batch as one or more segments (a rotation ends a segment); resolves each item once durable. */
  private async commit(batch: Pending[]): Promise<void> {
    let pending = batch;
    while (pending.length > 0) {
      this.ensureOpen();
      let st = { ...this.chain };
      let text = '';
      let bytes = 0;
      let taken = 0;
      for (const p of pending) {
        // Sealed on a copy: a record that has to wait for the next file must not advance this file's chain.
        // The checkpoint a record completes travels with it, so both count against maxBytes.
        const next = { ...st };
        let chunk = this.seal(p.body, next, p.time, p.id).line;
        if (this.signer && next.sinceCheckpoint >= this.every) chunk += this.seal(this.checkpointBody(), next).line;
        const chunkBytes = Buffer.byteLength(chunk);
        if (this.rotationDue(bytes + chunkBytes, taken)) break;
        st = next;
        text += chunk;
        bytes += chunkBytes;
        taken++;
      }
      if (taken === 0) {
        this.rotate();
        continue;
      }
      this.sink!.append(text);
      await this.sink!.sync();
      this.chain = st;
      this.fileBytes += bytes;
      this.recordsInFile += taken;
      for (const p of pending.slice(0, taken)) p.resolve({ id: p.id });
      pending = pending.slice(taken);
    }
  }

  /** Seals a body onto the chain state `st` and advances it. */
  private seal(body: RecordBody, st: ChainState, time?: string, id?: string): SealedLine {
    const position: ChainPosition = {
      seq: st.seq + 1,
      prev: st.hash,
      id: id ?? randomUUID(),
      time: time ?? new Date(this.now()).toISOString(),
    };
    if (body.type === 'audit.checkpoint') {
      // The signature covers the whole record but itself (and the hash): its position, hence the chain before it.
      const { signature: _unsigned, ...signed } = body;
      body = { ...body, signature: this.signer!.sign(canonicalRecord(signed, position)) };
    }
    const sealed = sealBody(body, position, this.hash);
    st.seq = position.seq;
    st.hash = sealed.hash;
    if (body.type === 'audit.decision') st.sinceCheckpoint += 1;
    if (body.type === 'audit.checkpoint') st.sinceCheckpoint = 0;
    return sealed;
  }

  private checkpointBody(): RecordBody {
    const s = this.signer!;
    return { type: 'audit.checkpoint', every: this.every, alg: s.alg, keyId: s.keyId, signature: '' };
  }

  /** Startup and rotation records: written and fsync'd synchronously, before any queued decision. */
  private writeNow(bodies: RecordBody[]): void {
    const st = { ...this.chain };
    let text = '';
    for (const b of bodies) text += this.seal(b, st).line;
    this.sink!.append(text);
    if (this.sink instanceof FileSink) this.sink.syncNow();
    this.chain = st;
    this.fileBytes += Buffer.byteLength(text);
  }

  private rotationDue(extraBytes: number, takenInSegment: number): boolean {
    const rotate = this.config.rotate;
    if (this.config.sink !== 'file' || !rotate) return false;
    // A file holding only its genesis is never rotated: a record larger than maxBytes still has to go somewhere.
    if (this.recordsInFile + takenInSegment === 0) return false;
    if (rotate.maxBytes && this.fileBytes + extraBytes > rotate.maxBytes) return true;
    return !!rotate.intervalMs && takenInSegment === 0 && this.now() - this.fileStartedAt >= rotate.intervalMs;
  }

  private ensureOpen(): void {
    if (this.sink) return;
    if (this.config.sink === 'stdout') throw new Error('audit: stdout sink failed');
    this.openFile();
  }

  /** After a failed commit: cut the file back to its last durable byte and re-read the chain state from disk. */
  private recover(): void {
    if (!(this.sink instanceof FileSink)) return;
    const sink = this.sink;
    this.sink = null;
    try {
      ftruncateSync(sink.fd, this.fileBytes);
      sink.closeNow();
    } catch (err) {
      this.log.error({ err: { message: (err as Error).message } }, 'audit rollback failed');
    }
  }

  /** Closes the active file, renames it aside and starts the next one, linked by its genesis. */
  private rotate(): void {
    const file = this.config.file!;
    const sink = this.sink as FileSink;
    this.sink = null;
    sink.closeNow();
    const target = rotatedName(file, new Date(this.now()), this.fileGenesisSeq);
    renameSync(file, target);
    this.log.info({ file: target }, 'audit file rotated');
    this.startFile();
  }

  /** Opens the active file: continues its chain (repairing a crash-cut last line) or starts a new file. */
  private openFile(): void {
    const file = this.config.file!;
    if (existsSync(file) && statSync(file).size > 0) this.continueFile(file);
    else {
      const previous = listRotated(file).at(-1);
      if (previous) this.chain = { ...lastRecordOf(previous.path), sinceCheckpoint: 0 };
      this.startFile();
    }
  }

  private startFile(): void {
    const file = this.config.file!;
    this.sink = new FileSink(file);
    this.fileBytes = 0;
    this.recordsInFile = 0;
    this.fileStartedAt = this.now();
    this.fileGenesisSeq = this.chain.seq + 1;
    const bodies: RecordBody[] = [{ type: 'audit.genesis' }];
    // Each file opens signed, so a verifier holding the key never meets a file without a checkpoint.
    if (this.signer) bodies.push(this.checkpointBody());
    this.writeNow(bodies);
    this.retain();
  }

  private continueFile(file: string): void {
    const sink = new FileSink(file);
    this.sink = sink;
    try {
      this.resumeChain(file, sink);
    } catch (err) {
      this.sink = null;
      sink.closeNow();
      throw err;
    }
    this.retain();
  }

  /** Repairs a crash-cut last line, then takes the chain state from the last whole record. */
  private resumeChain(file: string, sink: FileSink): void {
    const tail = readTail(sink.fd);
    let lastLine = tail.lastLine;
    let dropped = 0;
    if (tail.partial.length > 0) {
      const text = tail.partial.toString('utf8');
      if (parseChained(text)) {
        sink.append('\n'); // a whole record that only lost its newline
        lastLine = text;
      } else {
        ftruncateSync(sink.fd, tail.wholeEnd);
        dropped = tail.partial.length;
        this.log.warn({ file, droppedBytes: dropped }, 'audit file ended in a partial record; removed it');
      }
    }
    const last = lastLine === null ? null : parseChained(lastLine);
    if (!last) throw new Error(`audit: ${file} does not end with a whole audit record; run "verdict audit verify"`);
    const first = parseChained(readFirstLine(file) ?? '');
    this.fileStartedAt = first ? Date.parse(first.time) : this.now();
    this.fileGenesisSeq = first ? first.seq : last.seq;
    this.fileBytes = sink.size;
    this.recordsInFile = last.type === 'audit.genesis' ? 0 : 1;
    // Decisions since the last checkpoint are unknown after a restart; a fresh checkpoint makes the count 0.
    this.chain = { seq: last.seq, hash: last.hash, sinceCheckpoint: last.type === 'audit.checkpoint' ? 0 : 1 };
    const bodies: RecordBody[] = [];
    if (this.signer && this.chain.sinceCheckpoint > 0) bodies.push(this.checkpointBody());
    if (dropped > 0) bodies.push({ type: 'audit.recovery', droppedBytes: dropped });
    if (bodies.length > 0) this.writeNow(bodies);
  }

  private retain(): void {
    if (this.config.retentionDays === undefined) return;
    for (const path of applyRetention(this.config.file!, this.config.retentionDays, this.now())) {
      this.log.info({ file: path }, 'audit file past retention deleted');
    }
  }
}

interface ChainedLine {
  type: string;
  seq: number;
  hash: string;
  time: string;
}

/** Parses a line as a chained record; null when it is not one (cut short, foreign, garbled). */
function parseChained(line: string): ChainedLine | null {
  try {
    const r = JSON.parse(line) as Partial<ChainedLine>;
    if (typeof r.type !== 'string' || typeof r.seq !== 'number' || typeof r.hash !== 'string') return null;
    return r as ChainedLine;
  } catch {
    return null;
  }
}

function lastRecordOf(path: string): { seq: number; hash: string } {
  const fd = openSync(path, 'r');
  try {
    const tail = readTail(fd);
    const last = tail.lastLine === null ? null : parseChained(tail.lastLine);
    if (!last) throw new Error(`audit: rotated file ${path} does not end with a whole audit record`);
    return { seq: last.seq, hash: last.hash };
  } finally {
    closeSync(fd);
  }
}
