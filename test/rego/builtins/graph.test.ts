// graph.reachable and graph.reachable_paths on the host.
import { expect } from 'chai';
import { evaluate } from './evaluate.js';

describe('host builtins: graph', () => {
  it('finds the nodes reachable from a set of starting nodes', async () => {
    const r = await evaluate('graph.reachable({"a": {"b"}, "b": {"c"}, "c": set(), "d": {"a"}}, {"a"})');
    expect(r).to.deep.equal(['a', 'b', 'c']);
  });

  it('returns a set, so set operations on the result work', async () => {
    expect(await evaluate('graph.reachable({"a": ["b"], "b": ["a"]}, ["a"]) == {"a", "b"}')).to.equal(true);
  });

  it('lists every path, stopping at cycles and at neighbours outside the graph', async () => {
    const r = await evaluate('graph.reachable_paths({"a": ["b", "c"], "b": ["a"], "c": ["zz"]}, {"a"})');
    expect(r).to.deep.equal([['a', 'b'], ['a', 'c']]);
  });

  it('keeps every route through shared descendants', async () => {
    const r = await evaluate('graph.reachable_paths({"1": [], "2": ["1"], "3": ["2"], "4": ["3", "2"]}, ["4"])');
    expect(r).to.deep.equal([['4', '2', '1'], ['4', '3', '2', '1']]);
  });

  it('is undefined when the starting nodes are not a collection', async () => {
    expect(await evaluate('graph.reachable_paths({"a": []}, "a")')).to.equal(undefined);
  });
});
