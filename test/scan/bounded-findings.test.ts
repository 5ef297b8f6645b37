// Bounded memory for findings: the ranked keeper holds at most N, the most important ones, however many are offered.
import { expect } from 'chai';
import { findingRank, FINDING_RANKS, RankedKeeper } from '../../src/scan/ranked.js';
import type { Finding } from '../../src/scan/types.js';

function finding(n: number, over: Partial<Finding>): Finding {
  return {
    resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'a', name: `p${n}` },
    policy: 'p',
    title: 'P',
    severity: 'low',
    controls: [],
    mode: 'enforce',
    result: 'warn',
    messages: ['m'],
    wouldDeny: false,
    ...over,
  };
}

describe('scan: bounded findings', () => {
  it('ranks would-deny first, then deny before error before warn, then by severity', () => {
    const order: Array<Partial<Finding>> = [
      { wouldDeny: true, result: 'deny', severity: 'critical' },
      { wouldDeny: true, result: 'deny', severity: 'info' },
      { wouldDeny: true, result: 'error', severity: 'critical' },
      { wouldDeny: false, result: 'deny', severity: 'critical' },
      { wouldDeny: false, result: 'error', severity: 'high' },
      { wouldDeny: false, result: 'warn', severity: 'critical' },
      { wouldDeny: false, result: 'warn', severity: 'info' },
    ];
    const ranks = order.map((o, i) => findingRank(finding(i, o)));
    expect(ranks).to.deep.equal([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).to.equal(ranks.length);
    expect(Math.max(...ranks)).to.be.below(FINDING_RANKS);
  });

  it('keeps at most N of a million, the most important ones, the first found within a rank', () => {
    const keeper = new RankedKeeper<Finding>(10, FINDING_RANKS);
    for (let i = 0; i < 1_000_000; i++) {
      const f = finding(i, i % 100_000 === 7 ? { wouldDeny: true, result: 'deny', severity: 'high' } : { result: 'warn', severity: i % 2 ? 'low' : 'info' });
      keeper.add(f, findingRank(f));
    }
    const kept = keeper.items();
    expect(kept).to.have.length(10);
    expect(keeper.dropped).to.equal(1_000_000 - 10);
    expect(kept.slice(0, 10).map((f) => f.resource.name)).to.deep.equal([
      'p7', 'p100007', 'p200007', 'p300007', 'p400007', 'p500007', 'p600007', 'p700007', 'p800007', 'p900007',
    ]);
  });

  it('fills up with whatever comes while there is room, and gives way only to more important findings', () => {
    const keeper = new RankedKeeper<Finding>(3, FINDING_RANKS);
    const add = (n: number, o: Partial<Finding>) => keeper.add(finding(n, o), findingRank(finding(n, o)));
    add(1, { result: 'warn', severity: 'info' });
    add(2, { result: 'warn', severity: 'low' });
    add(3, { result: 'warn', severity: 'info' });
    add(4, { result: 'warn', severity: 'info' });
    expect(keeper.items().map((f) => f.resource.name)).to.deep.equal(['p2', 'p1', 'p3']);
    add(5, { result: 'deny', severity: 'medium' });
    expect(keeper.items().map((f) => f.resource.name)).to.deep.equal(['p5', 'p2', 'p1']);
    expect(keeper.dropped).to.equal(2);
  });
});
