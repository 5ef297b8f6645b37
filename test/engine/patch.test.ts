// Pins the JSON Patch pieces of the mutate path: RFC 6902 application, parent-first ordering, conflict detection.
import { expect } from 'chai';
import { applyPatch, findConflicts, orderOps, PatchApplyError, readPatchOps, type PatchOp } from '../../src/engine/patch.js';

describe('JSON Patch', () => {
  describe('applyPatch', () => {
    const doc = () => ({ metadata: { name: 'p', labels: { app: 'web' } }, spec: { containers: [{ name: 'a' }, { name: 'b' }] } });

    it('adds, replaces and removes object members and array elements', () => {
      const out = applyPatch(doc(), [
        { op: 'add', path: '/metadata/labels/team', value: 'x' },
        { op: 'replace', path: '/metadata/name', value: 'q' },
        { op: 'add', path: '/spec/containers/1', value: { name: 'mid' } },
        { op: 'add', path: '/spec/containers/-', value: { name: 'end' } },
        { op: 'remove', path: '/spec/containers/0' },
      ]);
      expect(out).to.deep.equal({ metadata: { name: 'q', labels: { app: 'web', team: 'x' } }, spec: { containers: [{ name: 'mid' }, { name: 'b' }, { name: 'end' }] } });
    });

    it('unescapes ~1 and ~0 in paths', () => {
      const out = applyPatch({ a: {} }, [{ op: 'add', path: '/a/app.kubernetes.io~1name', value: 1 }, { op: 'add', path: '/a/t~0x', value: 2 }]);
      expect(out).to.deep.equal({ a: { 'app.kubernetes.io/name': 1, 't~x': 2 } });
    });

    it('moves, copies and tests', () => {
      const out = applyPatch({ a: { x: 1 }, b: {} }, [
        { op: 'test', path: '/a/x', value: 1 },
        { op: 'copy', from: '/a/x', path: '/b/y' },
        { op: 'move', from: '/a', path: '/c' },
      ]);
      expect(out).to.deep.equal({ b: { y: 1 }, c: { x: 1 } });
    });

    const failures: Array<[string, PatchOp, RegExp]> = [
      ['an add under a missing parent', { op: 'add', path: '/metadata/annotations/x', value: 1 }, /no value at \/metadata\/annotations/],
      ['a remove of a missing member', { op: 'remove', path: '/metadata/nope' }, /no value/],
      ['a replace of a missing member', { op: 'replace', path: '/spec/nope', value: 1 }, /no value/],
      ['an index past the end', { op: 'add', path: '/spec/containers/5', value: 1 }, /index 5 is out of range/],
      ['a test that fails', { op: 'test', path: '/metadata/name', value: 'other' }, /test failed/],
      ['a non-numeric array index', { op: 'remove', path: '/spec/containers/x' }, /not an array index/],
    ];
    for (const [what, op, message] of failures) {
      it(`reports ${what} with the index of the failing operation`, () => {
        try {
          applyPatch(doc(), [{ op: 'add', path: '/metadata/labels/ok', value: 1 }, op]);
          expect.fail('applied');
        } catch (err) {
          expect(err).to.be.instanceOf(PatchApplyError);
          expect((err as PatchApplyError).index).to.equal(1);
          expect((err as Error).message).to.match(message);
        }
      });
    }
  });

  it('orders a policy\'s operations parents first, keeping the given order among equals', () => {
    const ops: PatchOp[] = [
      { op: 'add', path: '/metadata/annotations/b', value: 1 },
      { op: 'add', path: '/metadata/annotations', value: {} },
      { op: 'add', path: '/metadata/annotations/a', value: 2 },
    ];
    expect(orderOps(ops).map((o) => o.path)).to.deep.equal(['/metadata/annotations', '/metadata/annotations/b', '/metadata/annotations/a']);
  });

  it('finds policies touching the same path or one inside the other', () => {
    const conflicts = findConflicts([
      { id: 'a', ops: [{ op: 'add', path: '/metadata/labels', value: {} }] },
      { id: 'b', ops: [{ op: 'add', path: '/metadata/labels/team', value: 'x' }] },
      { id: 'c', ops: [{ op: 'add', path: '/metadata/labelsX', value: 1 }] },
    ]);
    expect(conflicts).to.deep.equal([{ policies: ['a', 'b'], path: '/metadata/labels' }]);
  });

  it('refuses malformed operations with a message naming them', () => {
    expect(() => readPatchOps({})).to.throw(/must be a set of JSON Patch operations/);
    expect(() => readPatchOps([{ op: 'merge', path: '/a' }])).to.throw(/op must be one of/);
    expect(() => readPatchOps([{ op: 'add', path: 'a', value: 1 }])).to.throw(/path must be a JSON pointer/);
    expect(() => readPatchOps([{ op: 'add', path: '/a' }])).to.throw(/add needs a value/);
    expect(() => readPatchOps([{ op: 'move', path: '/a' }])).to.throw(/move needs from/);
    expect(readPatchOps([{ op: 'remove', path: '/a', extra: 1 }])).to.deep.equal([{ op: 'remove', path: '/a' }]);
  });
});
