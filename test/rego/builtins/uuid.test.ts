// uuid.parse, uuid.rfc4122 and rand.intn on the host.
import { expect } from 'chai';
import { evaluate, evaluateAll } from './evaluate.js';

describe('host builtins: uuid and rand', () => {
  it('parses a version 2 UUID with its time, clock sequence, node, id and domain', async () => {
    const r = await evaluate('uuid.parse("urn:uuid:000003e8-48b9-21ee-b200-325096b39f47")');
    expect(r).to.deep.equal({
      clocksequence: 12800,
      domain: 'Person',
      id: 1000,
      macvariables: 'local:unicast',
      nodeid: '32-50-96-b3-9f-47',
      time: 1693566990121469600,
      variant: 'RFC4122',
      version: 2,
    });
  });

  it('keeps a UUID time exact inside the module', async () => {
    const r = await evaluate('format_int(uuid.parse("000003e8-48b9-21ee-b200-325096b39f47").time % 1000, 10)');
    expect(r).to.equal('600');
  });

  it('accepts braced and undashed forms and rejects malformed ones', async () => {
    const r = await evaluateAll({
      braced: 'uuid.parse("{00000000-0000-4000-8000-000000000000}")',
      undashed: 'uuid.parse("6bea8ef2d3d33cd184e09bab06a52ece")',
      bad: 'uuid.parse("00000000-0000-4000-8000+000000000000")',
    });
    expect(r.braced).to.deep.equal({ variant: 'RFC4122', version: 4 });
    expect(r.undashed).to.deep.equal({ variant: 'RFC4122', version: 3 });
    expect(r.bad).to.equal(undefined);
  });

  it('gives the same UUID for the same key within one evaluation and another for another key', async () => {
    const r = await evaluateAll({
      same: 'count({uuid.rfc4122("k") | numbers.range(1, 20)[_]})',
      different: 'uuid.rfc4122("a") != uuid.rfc4122("b")',
    });
    expect(r).to.deep.equal({ same: 1, different: true });
  });

  it('draws rand.intn below n, stable per key within one evaluation', async () => {
    const r = await evaluateAll({
      same: 'count({rand.intn("k", 1000) | numbers.range(1, 20)[_]})',
      inRange: 'rand.intn("x", 5) < 5',
      zero: 'rand.intn("x", 0)',
    });
    expect(r).to.deep.equal({ same: 1, inRange: true, zero: 0 });
  });
});
