// The progress bar: redrawn at most ten times a second, with the current type's bar once its total is known.
import { expect } from 'chai';
import { progressBar } from '../../src/scan/progress.js';
import type { ResourceType, ScanItem } from '../../src/scan/types.js';

const pods: ResourceType = { group: '', version: 'v1', kind: 'Pod', resource: 'pods', namespaced: true };
const item: ScanItem = { object: {}, type: pods };

function terminal() {
  const writes: string[] = [];
  return { writes, stream: { columns: 200, write: (s: string) => (writes.push(s), true) } as unknown as NodeJS.WriteStream };
}

describe('scan: progress bar', () => {
  it('draws on stderr at most every 100 ms, with objects, rate and the bar of the type being listed', () => {
    const { writes, stream } = terminal();
    let now = 0;
    const bar = progressBar(stream, () => now);
    bar.onList({ type: pods, listed: 0, expected: 1000 });
    for (let n = 1; n <= 500; n++) {
      now = n; // one object per millisecond
      bar.onObject(n, item);
    }
    expect(writes).to.have.length(5);
    expect(writes[4]).to.equal(`\r\x1b[Kscanning 500 objects, 1,000/s  pods ${'█'.repeat(12)}${'░'.repeat(12)} 500/1,000`);
    bar.done();
    expect(writes[5]).to.equal('\r\x1b[K');
  });

  it('shows the file being read for manifests, and clears nothing if it never drew', () => {
    const { writes, stream } = terminal();
    let now = 0;
    const bar = progressBar(stream, () => now);
    now = 150;
    bar.onObject(1, { ...item, location: { file: 'deploy/app.yaml', document: 1, line: 1 } });
    expect(writes[0]).to.match(/scanning 1 objects, .*\/s {2}deploy\/app\.yaml 1$/);
    const quiet = terminal();
    progressBar(quiet.stream, () => 0).done();
    expect(quiet.writes).to.deep.equal([]);
  });
});
