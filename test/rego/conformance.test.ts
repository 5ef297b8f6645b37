// The conformance ratchet: every case listed in test/conformance.passing must still pass.
import { expect } from 'chai';
import { loadCases } from './conformance-cases.js';
import { judge } from './conformance-judge.js';
import { CaseRunner } from './conformance-pool.js';
import { formatPassing, readPassing, UNSTABLE_CASES } from './conformance-run.js';

const listed = readPassing();
const byId = new Map(loadCases().map((c) => [c.id, c]));

describe('conformance ratchet (test/conformance.passing)', function () {
  let runner: CaseRunner;
  before(() => {
    runner = new CaseRunner({ jobs: 1, timeoutMs: 15_000 });
  });
  after(() => runner.close());

  it('is sorted, without duplicates, and names only cases that exist', () => {
    expect(formatPassing(listed)).to.equal(listed.length === 0 ? '' : listed.join('\n') + '\n');
    expect(listed.filter((id) => !byId.has(id))).to.deep.equal([]);
    expect(listed.filter((id) => UNSTABLE_CASES.has(id))).to.deep.equal([]);
  });

  for (const id of listed) {
    const c = byId.get(id);
    if (!c) continue;
    it(`still passes: ${id}`, async () => {
      const outcome = judge(c, await runner.attempt(c));
      expect(outcome.passed, `${c.file}: ${outcome.reason}`).to.equal(true);
    });
  }
});
