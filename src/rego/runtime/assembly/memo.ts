// Memoisation frames: one per `with` scope, each mapping a rule id (small int from the emitter) to its value.
import { alloc, realloc } from "./alloc";

// State (allocated by opa_memoize_init after each heap reset, so nothing dangles across evaluations):
//   stack:  u32 depth @0, u32 capacity @4, u32 frames @8 (frame addresses; popped frames are kept for reuse)
//   frame:  u32 capacity @0, u32 slots @4 (one u32 value per rule id, 0 = not computed: ids are small and dense,
//           so a lookup is one load, not a search)
let stack: usize = 0;

const INITIAL_SLOTS: u32 = 64;

function newFrame(): usize {
  let f = alloc(8);
  store<u32>(f, INITIAL_SLOTS);
  let slots = alloc(<usize>INITIAL_SLOTS << 2);
  memory.fill(slots, 0, <usize>INITIAL_SLOTS << 2);
  store<u32>(f, <u32>slots, 4);
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
    // A reused frame starts empty.
    memory.fill(<usize>load<u32>(f, 4), 0, <usize>load<u32>(f) << 2);
  }
  store<u32>(stack, depth);
}

export function opa_memoize_pop(): void {
  if (stack == 0) return;
  let depth = load<u32>(stack);
  if (depth > 0) store<u32>(stack, depth - 1);
}

export function opa_memoize_insert(id: i32, v: usize): void {
  if (stack == 0) opa_memoize_init();
  if (id < 0) return;
  let f = top();
  let cap = load<u32>(f);
  let slots = <usize>load<u32>(f, 4);
  if (<u32>id >= cap) {
    let grown = max(cap << 1, <u32>id + 1);
    slots = realloc(slots, <usize>cap << 2, <usize>grown << 2);
    memory.fill(slots + (<usize>cap << 2), 0, <usize>(grown - cap) << 2);
    store<u32>(f, grown);
    store<u32>(f, <u32>slots, 4);
  }
  store<u32>(slots + (<usize>id << 2), <u32>v);
}

export function opa_memoize_get(id: i32): usize {
  if (stack == 0 || id < 0) return 0;
  let f = top();
  if (<u32>id >= load<u32>(f)) return 0;
  return <usize>load<u32>(<usize>load<u32>(f, 4) + (<usize>id << 2));
}
