// sealBody splices the chain members into a body's canonical form: it must give byte for byte what the
// canonical form of the whole record gives, since that is what a verifier recomputes.
import { expect } from 'chai';
import { buildDecisionBody } from '../../src/audit/build.js';
import { canonicalJson, sealRecord, sha256Hex } from '../../src/audit/canonical.js';
import { AUDIT_SCHEMA_VERSION } from '../../src/audit/record.js';
import { canonicalRecord, sealBody, type ChainPosition } from '../../src/audit/seal.js';
import { decision } from './helpers.js';

const position: ChainPosition = { seq: 41, prev: 'ab'.repeat(32), id: '6f1c1f0e-3f5e-4c4a-9d51-0d7a1c1b2e3f', time: '2026-11-25T01:13:24.932Z' };

function wholeRecord(body: object, p: ChainPosition): Record<string, unknown> {
  return { ...body, schemaVersion: AUDIT_SCHEMA_VERSION, seq: p.seq, prev: p.prev, id: p.id, time: p.time };
}

describe('sealing a body onto the chain', () => {
  const bodies: Record<string, object> = {
    'a decision with fired policies, a patch and an error': buildDecisionBody(
      decision({
        namespace: 'shop',
        name: 'web',
        policies: [{ id: 'p', mode: 'enforce', result: 'deny', message: 'runs "privileged" ✓ \u0001', severity: 'high', controls: ['NIST PR.AC-4'] }],
        patch: [{ op: 'add', path: '/metadata/labels/a' }],
        error: 'e',
      }),
    ),
    'a decision with nothing fired': buildDecisionBody(decision()),
    'a genesis': { type: 'audit.genesis' },
    'an empty body': {},
    'keys on every side of the chain members, unsorted and with undefined': {
      zeta: [1, { b: 2, a: 1 }],
      a: null,
      pz: 'between prev and schemaVersion',
      j: undefined,
      sf: true,
      Z: 'upper case sorts first',
      é: 'sorts last',
    },
  };

  for (const [name, body] of Object.entries(bodies)) {
    it(`writes the canonical form of the whole record for ${name}`, () => {
      expect(canonicalRecord(body, position)).to.equal(canonicalJson(wholeRecord(body, position)));
    });
  }

  it('gives the same line and hash as sealing the whole record', () => {
    const body = bodies['a decision with fired policies, a patch and an error'];
    const sealed = sealBody(body, position);
    expect(sealed).to.deep.equal(sealRecord(wholeRecord(body, position)));
    expect(sealed.hash).to.equal(sha256Hex(canonicalRecord(body, position)));
    expect(sealed.line.endsWith(`,"hash":"${sealed.hash}"}\n`)).to.equal(true);
  });

  it('changes the hash with every chain member', () => {
    const body = { type: 'audit.genesis' };
    const base = sealBody(body, position).hash;
    const moved: ChainPosition[] = [
      { ...position, seq: 42 },
      { ...position, prev: 'cd'.repeat(32) },
      { ...position, id: 'another' },
      { ...position, time: '2026-11-25T01:13:24.933Z' },
    ];
    for (const p of moved) expect(sealBody(body, p).hash).to.not.equal(base);
  });

  it('refuses a body that carries a chain member of its own', () => {
    for (const key of ['seq', 'prev', 'id', 'time', 'schemaVersion', 'hash']) {
      expect(() => sealBody({ type: 'audit.genesis', [key]: 1 }, position), key).to.throw(new RegExp(`chain member ${key}`));
    }
  });
});
