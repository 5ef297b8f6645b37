// `--format junit`: one <testsuite> per policy, one <testcase> per object the policy evaluated; a deny is a
// <failure>, an evaluation error an <error>, warnings go to <system-out>. Test cases are spooled to a temporary
// file per policy while the scan runs (a suite's counts must precede its cases), then copied out in order.
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reporter } from '../scan.js';
import type { Finding, ScannedObject } from '../types.js';
import { resourceLabel, type Output } from './output.js';

interface Suite {
  id: string;
  file: string;
  fd: number;
  buffer: string[];
  bufferedChars: number;
  tests: number;
  failures: number;
  errors: number;
}

const FLUSH_CHARS = 64 * 1024;

export function junitReporter(out: Output): Reporter {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-junit-'));
  const suites = new Map<string, Suite>();
  let startedAt = new Date();
  const suite = (id: string): Suite => {
    let s = suites.get(id);
    if (!s) {
      const file = join(dir, `${suites.size}.xml`);
      s = { id, file, fd: openSync(file, 'w'), buffer: [], bufferedChars: 0, tests: 0, failures: 0, errors: 0 };
      suites.set(id, s);
    }
    return s;
  };
  const flush = (s: Suite) => {
    if (s.buffer.length > 0) writeSync(s.fd, s.buffer.join(''));
    s.buffer = [];
    s.bufferedChars = 0;
  };
  return {
    begin(ctx) {
      startedAt = ctx.startedAt;
    },
    object(o: ScannedObject) {
      for (const p of o.decision.policies) {
        const s = suite(p.id);
        const mine = o.findings.filter((f) => f.policy === p.id);
        const text = testcase(o, p.id, mine);
        s.tests++;
        if (mine.some((f) => f.result === 'deny')) s.failures++;
        else if (mine.some((f) => f.result === 'error')) s.errors++;
        s.buffer.push(text);
        s.bufferedChars += text.length;
        if (s.bufferedChars >= FLUSH_CHARS) flush(s);
      }
    },
    async end(summary) {
      try {
        const all = [...suites.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        all.forEach(flush);
        const total = (k: 'tests' | 'failures' | 'errors') => all.reduce((t, s) => t + s[k], 0);
        const time = (summary.durationMs / 1000).toFixed(3);
        await out.write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="verdict scan" tests="${total('tests')}" failures="${total('failures')}" errors="${total('errors')}" time="${time}">\n`);
        for (const s of all) {
          closeSync(s.fd);
          await out.write(`  <testsuite name="${attr(s.id)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="0" timestamp="${startedAt.toISOString().slice(0, 19)}">\n`);
          for await (const chunk of createReadStream(s.file, 'utf8')) await out.write(chunk as string);
          await out.write('  </testsuite>\n');
        }
        await out.write('</testsuites>\n');
        await out.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function testcase(o: ScannedObject, policy: string, findings: Finding[]): string {
  const name = resourceLabel(o.resource);
  const file = o.location ? ` file="${attr(o.location.file)}" line="${o.location.line}"` : '';
  const open = `    <testcase classname="${attr(policy)}" name="${attr(name)}"${file}`;
  if (findings.length === 0) return `${open}/>\n`;
  const parts: string[] = [];
  for (const f of findings) {
    const message = f.messages.join('; ');
    const detail = `${message}\nmode: ${f.mode}; severity: ${f.severity}${f.controls.length > 0 ? `; controls: ${f.controls.join(', ')}` : ''}${f.wouldDeny ? '; would be denied' : ''}`;
    if (f.result === 'deny') parts.push(`      <failure type="${f.wouldDeny ? 'deny' : `deny-${f.mode}`}" message="${attr(message)}">${text(detail)}</failure>\n`);
    else if (f.result === 'error') parts.push(`      <error type="evaluation" message="${attr(message)}">${text(detail)}</error>\n`);
    else parts.push(`      <system-out>${text(`warning: ${message}`)}</system-out>\n`);
  }
  return `${open}>\n${parts.join('')}    </testcase>\n`;
}

/** XML 1.0 allows no control characters but tab and newlines, even escaped. */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function text(s: string): string {
  return s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
