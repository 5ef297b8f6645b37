// Runs `verdict serve` as a child process for the process tests: started on a free port, its JSON log lines
// collected as they come, and stopped the way Kubernetes stops a Pod (SIGTERM, SIGKILL if the drain hangs).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, ROOT, tempDir } from './harness.js';

export interface Serve {
  proc: ChildProcess;
  port: number;
  /** The CA that signed the certificate serve generated in its cert dir. */
  ca: string;
  /** Log lines parsed as JSON; a line that is not JSON is kept as `{ msg: line }`. */
  lines: Array<Record<string, any>>;
  exited: Promise<number | null>;
}

/** Starts `verdict serve ...args` on 127.0.0.1 and an ephemeral port; resolves once it logs `listening`. */
export async function startServe(args: string[], certDir = tempDir('certs')): Promise<Serve> {
  const proc = spawn(process.execPath, [join(ROOT, 'bin/verdict.js'), 'serve', '--host', '127.0.0.1', '--port', '0', '--cert-dir', certDir, ...args], {
    cwd: tempDir('cwd'),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: Array<Record<string, any>> = [];
  collectLines(proc, lines);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  let port = 0;
  await eventually('serve listening', () => {
    const l = lines.find((x) => x.msg === 'listening');
    if (l) port = l.port;
    return l !== undefined || proc.exitCode !== null;
  }, 60_000);
  if (!port) throw new Error(`serve did not start: ${JSON.stringify(lines)}`);
  return { proc, port, ca: readFileSync(join(certDir, 'ca.crt'), 'utf8'), lines, exited };
}

/** SIGTERM, then SIGKILL if the drain has not ended the process in time; resolves with the exit code. */
export async function stopServe(serve: Serve): Promise<number | null> {
  if (serve.proc.exitCode !== null || serve.proc.signalCode !== null) return serve.exited;
  serve.proc.kill('SIGTERM');
  const hard = setTimeout(() => serve.proc.kill('SIGKILL'), 30_000);
  const code = await serve.exited;
  clearTimeout(hard);
  return code;
}

/** Appends each complete stderr line to `lines`; a partial line waits in the buffer for its newline. */
function collectLines(proc: ChildProcess, lines: Array<Record<string, any>>): void {
  let buffered = '';
  proc.stderr!.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try {
        lines.push(JSON.parse(line));
      } catch {
        lines.push({ msg: line });
      }
    }
  });
}
