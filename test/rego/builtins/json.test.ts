// json.patch (RFC 6902) and JSON Schema (json.verify_schema, json.match_schema) on the host.
import { expect } from 'chai';
import { evaluateAll } from './evaluate.js';

describe('host builtins: json.patch', () => {
  it('applies add, remove, replace, move, copy and test', async () => {
    const r = await evaluateAll({
      ops: `json.patch({"a": {"b": [1, 2]}, "c": 3}, [
        {"op": "add", "path": "/a/b/1", "value": 9},
        {"op": "add", "path": "/a/b/-", "value": 4},
        {"op": "remove", "path": "/c"},
        {"op": "copy", "from": "/a/b/0", "path": "/d"},
        {"op": "move", "from": "/d", "path": "/e~1f"},
        {"op": "replace", "path": ["a", "b", "0"], "value": "x"},
        {"op": "test", "path": "/e~1f", "value": 1},
      ])`,
      root: 'json.patch({"a": 1}, [{"op": "add", "path": "", "value": [1]}])',
    });
    expect(r).to.deep.equal({ ops: { a: { b: ['x', 9, 2, 4] }, 'e/f': 1 }, root: [1] });
  });

  it('is undefined when an operation fails or is malformed', async () => {
    const r = await evaluateAll({
      testFails: 'json.patch({"a": 1}, [{"op": "test", "path": "/a", "value": "1"}])',
      leadingZero: 'json.patch(["a", "b"], [{"op": "remove", "path": "/01"}])',
      outOfBounds: 'json.patch([1], [{"op": "add", "path": "/3", "value": 2}])',
      missingParent: 'json.patch({}, [{"op": "add", "path": "/a/b", "value": 1}])',
      noPointer: 'json.patch([1, 2, 3], [{"op": "add", "path": "1.2", "value": "foo"}])',
      unknownOp: 'json.patch({}, [{"op": "spam", "path": "/a"}])',
    });
    expect(Object.values(r).every((v) => v === undefined)).to.equal(true);
  });
});

describe('host builtins: JSON Schema', () => {
  it('verifies schemas given as objects or text', async () => {
    const r = await evaluateAll({
      ok: 'json.verify_schema({"type": "object", "properties": {"id": {"type": "integer"}}})',
      text: 'json.verify_schema(`{"type": "string"}`)',
      bad: 'json.verify_schema({"type": "unknown"})[0]',
    });
    expect(r).to.deep.equal({ ok: [true, null], text: [true, null], bad: false });
  });

  it('reports mismatches in gojsonschema terms', async () => {
    const r = await evaluateAll({
      ok: 'json.match_schema(`{"id": 5}`, {"properties": {"id": {"type": "integer"}}, "required": ["id"]})',
      bad: 'json.match_schema({"id": "foo"}, {"properties": {"id": {"type": "integer"}}, "required": ["id", "name"]})',
      emptyEnum: 'json.match_schema({"v": 1}, {"enum": []})[0]',
    });
    expect(r.ok).to.deep.equal([true, []]);
    expect(r.bad).to.deep.equal([
      false,
      [
        { desc: 'name is required', error: '(root): name is required', field: '(root)', type: 'required' },
        { desc: 'Invalid type. Expected: integer, given: string', error: 'id: Invalid type. Expected: integer, given: string', field: 'id', type: 'invalid_type' },
      ],
    ]);
    expect(r.emptyEnum).to.equal(false);
  });
});
