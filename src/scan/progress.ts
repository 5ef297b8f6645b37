// A one-line progress bar for long scans, redrawn at most ten times a second on a terminal (stderr), so that it
// never mixes with the report on stdout and costs nothing per object.
import type { ListProgress } from './sources/cluster.js';
import type { ScanItem } from './types.js';

export interface Progress {
  onList(p: ListProgress): void;
  onObject(count: number, item: ScanItem): void;
  done(): void;
}

const REDRAW_MS = 100;
const BAR_WIDTH = 24;

export function progressBar(stream: NodeJS.WriteStream, now: () => number = () => performance.now()): Progress {
  const started = now();
  let lastDraw = 0;
  let current: { label: string; base: number; expected?: number } | undefined;
  let count = 0;
  let drawn = false;
  const draw = () => {
    const secs = Math.max((now() - started) / 1000, 0.001);
    const rate = Math.round(count / secs).toLocaleString('en-US');
    let line = `scanning ${count.toLocaleString('en-US')} objects, ${rate}/s`;
    if (current) {
      const done = count - current.base;
      if (current.expected && current.expected > 0) {
        const ratio = Math.min(done / current.expected, 1);
        const filled = Math.round(ratio * BAR_WIDTH);
        line += `  ${current.label} ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${done.toLocaleString('en-US')}/${current.expected.toLocaleString('en-US')}`;
      } else {
        line += `  ${current.label} ${done.toLocaleString('en-US')}`;
      }
    }
    const width = stream.columns && stream.columns > 10 ? stream.columns - 1 : 120;
    stream.write(`\r\x1b[K${line.slice(0, width)}`);
    drawn = true;
  };
  return {
    onList(p) {
      const label = p.type.group === '' ? p.type.resource : `${p.type.resource}.${p.type.group}`;
      if (!current || current.label !== label) current = { label, base: count };
      if (p.expected !== undefined) current.expected = p.expected;
    },
    onObject(n, item) {
      count = n;
      if (item.location && (!current || current.label !== item.location.file)) current = { label: item.location.file, base: n - 1 };
      const t = now();
      if (t - lastDraw >= REDRAW_MS) {
        lastDraw = t;
        draw();
      }
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
