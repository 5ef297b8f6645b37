// Memoisation frames: one per `with` scope, each mapping a rule id (small int from the emitter) to its value.
import { alloc, realloc } from "./alloc";

// State (allocated by opa_memoize_init after each heap reset, so nothing dangles across evaluations):
//   stack:  u32 depth @0, u32 capacity @4, u32 frames @8 (frame addresses; popped frames are kept for reuse)
//   frame:  u32 length @0, u32 capacity @4, u32 pairs @8 ((id, value) pairs sorted by id)
let stack: usize = 0;

function newFrame(): usize {
  let f = alloc(12);
  store<u32>(f, 0);
  store<u32>(f, 8, 4);
  store<u32>(f, <u32>alloc(8 << 3), 8);
  return f;
}

export function opa_memoize_init(): void {
  stack = alloc(12);
  store<u32>(stack, 0);
  store<u32>(stack, 4, 4);
  let frames = alloc(4 << 2);
  memory.fill(frames, 0, 4 << 2);
  store<u32>(stack, <u32>frames, 8);
  store<u32>(frames, <u32>newFrame());
}

// @ts-ignore: decorator
@inline function top(): usize {
  return load<u32>(load<u32>(stack, 8) + (<usize>load<u32>(stack) << 2));
}

export function opa_memoize_push(): void {
  if (stack == 0) opa_memoize_init();
  let depth = load<u32>(stack) + 1;
  let cap = load<u32>(stack, 4);
  let frames = <usize>load<u32>(stack, 8);
  if (depth == cap) {
    frames = realloc(frames, <usize>cap << 2, <usize>cap << 3);
    memory.fill(frames + (<usize>cap << 2), 0, <usize>cap << 2);
    store<u32>(stack, cap << 1, 4);
    store<u32>(stack, <u32>frames, 8);
  }
  let slot = frames + (<usize>depth << 2);
  let f = <usize>load<u32>(slot);
  if (f == 0) {
    f = newFrame();
    store<u32>(slot, <u32>f);
  } else {
    store<u32>(f, 0);
  }
  store<u32>(stack, depth);
}

export function opa_memoize_pop(): void {
  if (stack == 0) return;
  let depth = load<u32>(stack);
  if (depth > 0) store<u32>(stack, depth - 1);
}

// Index of id in the frame, or -(insertion point) - 1.
function find(f: usize, id: i32): i32 {
  let pairs = <usize>load<u32>(f, 8);
  let lo: i32 = 0, hi: i32 = <i32>load<u32>(f) - 1;
  while (lo <= hi) {
    let mid = (lo + hi) >>> 1;
    let k = load<i32>(pairs + (<usize>mid << 3));
    if (k < id) lo = mid + 1;
    else if (k > id) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

export function opa_memoize_insert(id: i32, v: usize): void {
  if (stack == 0) opa_memoize_init();
  let f = top();
  let i = find(f, id);
  let pairs = <usize>load<u32>(f, 8);
  if (i >= 0) {
    store<u32>(pairs + (<usize>i << 3), <u32>v, 4);
    return;
  }
  let at = -i - 1;
  let n = load<u32>(f), cap = load<u32>(f, 4);
  if (n == cap) {
    pairs = realloc(pairs, <usize>cap << 3, <usize>cap << 4);
    store<u32>(f, cap << 1, 4);
    store<u32>(f, <u32>pairs, 8);
  }
  let p = pairs + (<usize>at << 3);
  memory.copy(p + 8, p, <usize>(n - <u32>at) << 3);
  store<i32>(p, id);
  store<u32>(p, <u32>v, 4);
  store<u32>(f, n + 1);
}

export function opa_memoize_get(id: i32): usize {
  if (stack == 0) return 0;
  let f = top();
  let i = find(f, id);
  return i < 0 ? 0 : load<u32>(load<u32>(f, 8) + (<usize>i << 3), 4);
}
