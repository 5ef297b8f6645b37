// Bump allocator over the imported memory: opa_malloc, heap pointer get/set, in-place growth of the top block.
import { fail } from "./env";
import { SCRATCH_END_OFFSET } from "./scratch";

// Where the heap starts. The emitter appends its constant data after the runtime's and moves this forward by
// rewriting the global's initial value, so it is read lazily (on the first allocation), never cached at start.
export let verdict_heap_base: usize = ((__heap_base + 7) & ~7) + SCRATCH_END_OFFSET;

// Next free byte; 0 until the first use reads verdict_heap_base.
let heapPtr: usize = 0;

// @ts-ignore: decorator
@inline function top(): usize {
  if (heapPtr == 0) heapPtr = verdict_heap_base;
  return heapPtr;
}

// Grows memory so that [0, end) is addressable. The host may grow memory too (the SDK does, to write input), so
// the current size is read every time rather than tracked.
function ensureMemory(end: usize): void {
  let have = <usize>memory.size() << 16;
  if (end <= have) return;
  let pages = <i32>((end - have + 0xffff) >>> 16);
  if (memory.grow(pages) < 0) fail("opa_malloc: failed");
}

// Allocates `size` bytes aligned to 8 (numbers hold i64/f64).
export function alloc(size: usize): usize {
  let p = (top() + 7) & ~7;
  let end = p + size;
  if (end < p) fail("opa_malloc: failed");
  ensureMemory(end);
  heapPtr = end;
  return p;
}

// Resizes a block. The block on top of the heap grows in place, which makes appending to the collection being
// built (the common case while parsing or filling a result) cheap; any other block is copied.
export function realloc(ptr: usize, oldSize: usize, newSize: usize): usize {
  if (ptr != 0 && ptr + oldSize == heapPtr) {
    let end = ptr + newSize;
    if (end < ptr) fail("opa_malloc: failed");
    ensureMemory(end);
    heapPtr = end;
    return ptr;
  }
  let p = alloc(newSize);
  if (ptr != 0 && oldSize != 0) memory.copy(p, ptr, min(oldSize, newSize));
  return p;
}

export function opa_malloc(size: usize): usize {
  return alloc(size);
}

// With a bump allocator nothing is freed piecemeal: memory comes back when the host rewinds the heap pointer.
export function opa_free(ptr: usize): void {}

export function opa_heap_ptr_get(): usize {
  return top();
}

// Rewinds (or advances) the heap. There is no free list to drop.
export function opa_heap_ptr_set(ptr: usize): void {
  heapPtr = ptr;
}

// OPA's allocator keeps freed blocks in a list that a heap reset would leave pointing into reused memory, so it
// stashes them around resets. A bump allocator has no free blocks, so there is nothing to stash or restore.
export function opa_heap_blocks_stash(): void {}
export function opa_heap_blocks_restore(): void {}
export function opa_heap_stash_clear(): void {}
