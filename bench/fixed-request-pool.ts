/**
 * The open-loop generator's client: keep-alive HTTPS/1.1 connections that send one fixed request, encoded once, and
 * read each answer by its Content-Length. It does no more per request than a load generator must (one TLS write,
 * one header scan), so the machine's two cores go to the server being measured, and the generator's own event loop
 * seldom delays the moment it sees an answer arrive. bench/README.md compares it with undici's client.
 *
 * One request in flight per connection; requests beyond the free connections wait in order for the next free one
 * (that wait counts in their latency, as it would in any client). Only servers that answer with Content-Length
 * can be measured (both of the benchmark's do); anything else fails the request and the connection, loudly.
 */
import { connect, type TLSSocket } from 'node:tls';

export interface FixedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Called once per request: the HTTP status, or null when the connection failed before a whole answer came. */
export type Answered = (status: number | null) => void;

const HEAD_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;

export class FixedRequestPool {
  private readonly request: Buffer;
  private readonly free: Connection[] = [];
  private readonly waiting: Answered[] = [];
  private readonly open = new Set<Connection>();

  private constructor(request: FixedRequest) {
    const body = Buffer.from(request.body);
    const headers = Object.entries({ host: '127.0.0.1', ...request.headers, 'content-length': String(body.length) });
    const head = `POST ${request.path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    this.request = Buffer.concat([Buffer.from(head, 'latin1'), body]);
  }

  /** Opens `connections` TLS connections (certificates are not checked: the servers are local and self-signed). */
  static async connect(port: number, connections: number, request: FixedRequest): Promise<FixedRequestPool> {
    const pool = new FixedRequestPool(request);
    await Promise.all(Array.from({ length: connections }, () => pool.add(port)));
    return pool;
  }

  send(answered: Answered): void {
    const conn = this.free.pop();
    if (conn) conn.start(answered);
    else if (this.open.size > 0) this.waiting.push(answered);
    else answered(null);
  }

  close(): void {
    for (const conn of this.open) conn.socket.destroy();
  }

  private add(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        socket.setNoDelay(true);
        const conn = new Connection(socket, this.request, () => this.next(conn), () => this.lost(conn));
        this.open.add(conn);
        this.free.push(conn);
        resolve();
      });
      socket.once('error', reject);
    });
  }

  /** A connection has its answer: it takes the oldest waiting request, or waits itself. */
  private next(conn: Connection): void {
    const answered = this.waiting.shift();
    if (answered) conn.start(answered);
    else this.free.push(conn);
  }

  private lost(conn: Connection): void {
    this.open.delete(conn);
    const i = this.free.indexOf(conn);
    if (i >= 0) this.free.splice(i, 1);
    // With no connection left, nothing will ever take the waiting requests: they fail rather than hang the run.
    if (this.open.size === 0) for (const answered of this.waiting.splice(0)) answered(null);
  }
}

class Connection {
  private current: Answered | null = null;
  private pending: Buffer | null = null;

  constructor(
    readonly socket: TLSSocket,
    private readonly request: Buffer,
    private readonly idle: () => void,
    private readonly gone: () => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', () => {}); // 'close' follows and says the rest
    socket.on('close', () => this.fail());
  }

  start(answered: Answered): void {
    this.current = answered;
    this.socket.write(this.request);
  }

  private read(chunk: Buffer): void {
    const bytes = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    const headEnd = bytes.indexOf(HEAD_END);
    if (headEnd < 0) {
      this.pending = bytes;
      return;
    }
    const head = bytes.toString('latin1', 0, headEnd);
    const length = CONTENT_LENGTH.exec(head);
    if (!length || !this.current) {
      this.socket.destroy(); // no framing to read the answer by, or an answer nobody asked for
      return;
    }
    const end = headEnd + HEAD_END.length + Number(length[1]);
    if (bytes.length < end) {
      this.pending = bytes;
      return;
    }
    if (bytes.length > end) {
      this.socket.destroy(); // bytes beyond the one answer asked for
      return;
    }
    const answered = this.current;
    this.current = null;
    answered(Number(head.slice(9, 12)));
    this.idle();
  }

  private fail(): void {
    const answered = this.current;
    this.current = null;
    this.gone();
    answered?.(null);
  }
}
