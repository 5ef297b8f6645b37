// Fixed scratch areas just above the static data, reserved below the heap start instead of as data segments.
//
// `memory.data(n)` would reserve them too, but asc writes each one out as a segment of zeros that every policy
// module would carry. None of these areas needs an initial content.

// @ts-ignore: decorator
@inline function base(): usize { return (__heap_base + 7) & ~7; }

export const MESSAGE_SIZE: usize = 1024;  // NUL-terminated abort messages (a builtin error's with its location)
export const ERROR_SIZE: usize = 512;     // the recorded builtin error (errors.ts)
export const DIGITS_SIZE: usize = 864;    // decimal digits of the exact float parser
export const DTOA_SIZE: usize = 128;      // dtoa output (UTF-16)
export const SMALL_INTS_SIZE: usize = 256 << 4; // preallocated integers 0..255
export const RECENT_DUMPS: u32 = 8;       // addresses of the latest opa_json_dump results (json_dump.ts)
export const RECENT_DUMPS_SIZE: usize = <usize>RECENT_DUMPS << 2;

// @ts-ignore: decorator
@inline export function messageScratch(): usize { return base(); }
// @ts-ignore: decorator
@inline export function errorScratch(): usize { return base() + MESSAGE_SIZE; }
// @ts-ignore: decorator
@inline export function digitsScratch(): usize { return base() + MESSAGE_SIZE + ERROR_SIZE; }
// @ts-ignore: decorator
@inline export function dtoaScratch(): usize { return base() + MESSAGE_SIZE + ERROR_SIZE + DIGITS_SIZE; }
// @ts-ignore: decorator
@inline export function smallIntsScratch(): usize { return base() + MESSAGE_SIZE + ERROR_SIZE + DIGITS_SIZE + DTOA_SIZE; }

// @ts-ignore: decorator
@inline export function recentDumpsScratch(): usize { return smallIntsScratch() + SMALL_INTS_SIZE; }

export const SCRATCH_END_OFFSET: usize = MESSAGE_SIZE + ERROR_SIZE + DIGITS_SIZE + DTOA_SIZE + SMALL_INTS_SIZE + RECENT_DUMPS_SIZE;
