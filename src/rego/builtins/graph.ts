/** Graph builtins on the host: nodes and paths reachable in a graph given as an object of node → neighbours. */
import { hostFamily, isObject, isString, typeError } from './host-values.js';
import type { BuiltinEntry } from './types.js';

type Graph = Record<string, unknown>;

/** Neighbours of a node: an array or a set (which arrives as an array); anything else, such as null, has none. */
function neighbours(graph: Graph, node: string): unknown[] {
  const edges = graph[node];
  return Array.isArray(edges) ? edges : [];
}

/** The graph and its starting nodes (an array or set); anything else is a type error, as in OPA. */
function operands(graph: unknown, initial: unknown): [Graph, unknown[]] {
  if (!isObject(graph)) typeError('operand 1 must be object');
  if (!Array.isArray(initial)) typeError('operand 2 must be one of {array, set}');
  return [graph as Graph, initial as unknown[]];
}

function reachable(graphArg: unknown, initial: unknown): string[] {
  const [graph, start] = operands(graphArg, initial);
  const seen = new Set<string>();
  const todo = start.filter(isString);
  while (todo.length > 0) {
    const node = todo.pop()!;
    if (seen.has(node) || !Object.hasOwn(graph, node)) continue;
    seen.add(node);
    for (const next of neighbours(graph, node)) if (isString(next)) todo.push(next);
  }
  return [...seen];
}

/**
 * Every maximal path from each starting node. A path ends where a node has no neighbours, where a neighbour is not
 * a node of the graph (that neighbour is left out), or where a neighbour is already on the path (a cycle).
 */
function reachablePaths(graphArg: unknown, initial: unknown): string[][] {
  const [graph, start] = operands(graphArg, initial);
  const paths: string[][] = [];
  const walk = (node: string, path: string[]): void => {
    if (!Object.hasOwn(graph, node)) {
      if (path.length > 0) paths.push(path);
      return;
    }
    const here = [...path, node];
    const next = neighbours(graph, node).filter(isString);
    if (next.length === 0) {
      paths.push(here);
      return;
    }
    for (const n of next) {
      if (here.includes(n)) paths.push(here);
      else walk(n, here);
    }
  };
  for (const node of start) if (isString(node)) walk(node, []);
  return paths;
}

export const graph: BuiltinEntry[] = hostFamily([
  { name: 'graph.reachable', arity: 2, host: reachable, returnsSet: true, doc: 'nodes reachable from the initial ones' },
  {
    name: 'graph.reachable_paths',
    arity: 2,
    host: reachablePaths,
    returnsSet: true,
    doc: 'every path from the initial nodes until a leaf, a node outside the graph or a cycle',
  },
]);
