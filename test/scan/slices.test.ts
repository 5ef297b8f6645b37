// A scan inside `verdict serve` shares the event loop with admission requests: with `sliceMs` it hands the loop
// back between objects, so work waiting on the loop (an incoming request) runs during the scan, not after it.
import { expect } from 'chai';
import type { Engine } from '../../src/engine/index.js';
import { runScan, type ScanSource } from '../../src/scan/scan.js';
import type { ScanItem } from '../../src/scan/types.js';
import { loopTurnsDuring } from '../event-loop.js';
import { fixtureEngine } from './helpers.js';

const POD_TYPE = { group: '', version: 'v1', kind: 'Pod', resource: 'pods', namespaced: true };

/** Objects produced without any I/O, each after a millisecond of work, as decoding a large page would be. */
function busySource(count: number): ScanSource {
  return {
    description: 'busy test source',
    notes: [],
    async *items(): AsyncIterable<ScanItem> {
      for (let i = 0; i < count; i++) {
        const until = performance.now() + 1;
        while (performance.now() < until);
        yield { object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'x' }] } }, type: POD_TYPE };
      }
    },
  };
}

describe('scan time slices', () => {
  let engine: Engine;
  before(async () => {
    engine = await fixtureEngine();
  });

  it('lets the event loop turn at least every few objects when given sliceMs', async () => {
    const turns = await loopTurnsDuring(() => runScan({ engine, source: busySource(60), sliceMs: 2 }));
    // Each object takes a millisecond or more, so a 2 ms slice ends at least every other object.
    expect(turns).to.be.at.least(20);
  });

  it('keeps the loop to itself without sliceMs, as `verdict scan` does for speed', async () => {
    const turns = await loopTurnsDuring(() => runScan({ engine, source: busySource(60) }));
    expect(turns).to.be.at.most(2);
  });
});
