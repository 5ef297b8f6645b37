// Builtin errors: why a builtin returned undefined, recorded so that strict modules can stop evaluation with it.
//
// A native builtin that rejects its operands records OPA's message (without the builtin's name, which the call site
// knows) and error kind here, then returns 0 (undefined). Non-strict modules never look (OPA's default: the call is
// just undefined). Strict modules check after every call that returned 0 and abort with
// `<file>:<row>: <code>: <builtin>: <message>` (verdict_builtin_error_raise). The invariant the emitter relies on:
// a builtin records an error exactly when it returns 0 because of one; a legitimate undefined (max of an empty
// array) records nothing.
//
// Recording only notes the message's parts in a few globals (the form, the operand position, literal text, the value
// whose type is named, a slice of a string); the text is composed when someone asks for it (within the same
// evaluation, while those values live), in a static area. So recording allocates nothing, an exhausted heap cannot
// turn an error into a trap, and the many error paths stay small: every message is written by the one `compose`
// loop, which keeps the runtime (and so every policy module, and the time to compile one) from growing with each
// error site.
import { failWith } from "./env";
import { ERROR_SIZE, MESSAGE_SIZE, errorScratch, messageScratch } from "./scratch";
import { vtype } from "./value";

// Whether this build records errors: runtime-strict.wasm does (build.mjs passes --use VERDICT_RECORD_ERRORS=1);
// runtime.wasm, which non-strict modules are built on, compiles every recorder below down to `return 0`.
// Builtins test it too, to skip work that only chooses between messages.
// @ts-ignore: a constant asc introduces with --use
export const RECORD_ERRORS: bool = isDefined(VERDICT_RECORD_ERRORS) ? VERDICT_RECORD_ERRORS != 0 : false;
const RECORD = RECORD_ERRORS;

/** OPA's eval_type_error: an operand of the wrong type or shape (Go's builtins.ErrOperand). */
export const KIND_TYPE: u32 = 1;
/** OPA's eval_builtin_error: anything else a builtin rejects (divide by zero, bad base64, …). */
export const KIND_BUILTIN: u32 = 2;

// How the message is composed from the recorded parts (the TEMPLATES below, in this order).
const FORM_DETAIL: u32 = 0;  // <str>
const FORM_TYPE: u32 = 1;    // operand <pos> must be <str> but got <got>
const FORM_ELEMENT: u32 = 2; // operand <pos> must be <container> of <str>s but got <container> containing <got>
const FORM_OPERAND: u32 = 3; // operand <pos> <str>
const FORM_SHOW: u32 = 4;    // <str><shown part of a value><str2>
const FORM_TEXT: u32 = 5;    // already written out

/** What FORM_SHOW shows between its two texts. */
export const SHOW_BYTES: u32 = 0;    // bytes as they are
export const SHOW_QUOTED: u32 = 1;   // bytes as Go's %q shows them
export const SHOW_INT: u32 = 2;      // a non-negative integer
export const SHOW_HEX_BYTE: u32 = 3; // a byte as Go's %#U continues after "U+00": "67 'g'"

// The record: kind (bits 0-1), form (2-4), operand position (5-8), `show` mode (9-10) and the address of the
// message's literal text (11-31; static data lies far below 2 MiB) in one global, so that recording at an error site
// is a store of one constant (folded once the recorder is inlined) and of the value the message names.
let errorInfo: u32 = 0;
let errorStr2: usize = 0;      // FORM_SHOW's second literal (AssemblyScript string literals are static UTF-16)
let errorGot: usize = 0;       // values (their types go into the message) …
let errorContainer: usize = 0;
let errorA: usize = 0;         // … or FORM_SHOW's subject: a pointer (or an integer) and a length
let errorB: u32 = 0;
// Bytes of the composed message (the NUL terminator excluded).
let errorLen: u32 = 0;

// @ts-ignore: decorator
@inline function record(kind: u32, form: u32, pos: i32, str: string): usize {
  if (RECORD) errorInfo = kind | (form << 2) | (<u32>pos << 5) | (<u32>changetype<usize>(str) << 11);
  return 0;
}

// ---- Recording OPA's messages (Go's topdown/builtins helpers). Each returns 0, for `return typeError(…)`.

// "operand <pos> must be <expected> but got <type>" (NewOperandTypeErr); `expected` is one type or "one of {a, b}".
export function typeError(pos: i32, expected: string, got: usize): usize {
  if (RECORD) errorGot = got;
  return record(KIND_TYPE, FORM_TYPE, pos, expected);
}

// "operand <pos> must be array of <expected>s but got array containing <type>" (NewOperandElementErr).
export function elementError(pos: i32, container: usize, expected: string, got: usize): usize {
  if (RECORD) {
    errorGot = got;
    errorContainer = container;
  }
  return record(KIND_TYPE, FORM_ELEMENT, pos, expected);
}

// "operand <pos> <detail>" (NewOperandErr): a type error about an operand's value unless `kind` says otherwise.
export function operandError(pos: i32, detail: string, kind: u32 = KIND_TYPE): usize {
  return record(kind, FORM_OPERAND, pos, detail);
}

// A fixed message: a builtin error unless `kind` says otherwise.
export function builtinError(detail: string, kind: u32 = KIND_BUILTIN): usize {
  return record(kind, FORM_DETAIL, 0, detail);
}

// "<before><something shown><after>": `show` says what a and b are (SHOW_BYTES/QUOTED: pointer and length;
// SHOW_INT, SHOW_HEX_BYTE: the number in a).
export function showError(kind: u32, before: string, show: u32, a: usize, b: u32, after: string): usize {
  if (!RECORD) return 0;
  errorStr2 = changetype<usize>(after);
  errorA = a;
  errorB = b;
  record(kind, FORM_SHOW, 0, before);
  errorInfo |= show << 9;
  return 0;
}

// ---- Composing: one loop over the form's template, so every message is written by the same few instructions.

// Fixed texts of the templates, then type names by tag (undefined, null, boolean, number, string, array, object,
// set), as start and length in FRAGMENTS.
const FRAGMENTS = "operand  must be  but got  of s but got  containing   ''undefinednullbooleannumberstringarrayobjectset";
const FRAGMENT_AT = memory.data<u8>([
  0, 8, 8, 9, 17, 9, 26, 4, 30, 10, 40, 12, 52, 1, 53, 2, 55, 1,
  56, 9, 65, 4, 69, 7, 76, 6, 82, 6, 88, 5, 93, 6, 99, 3,
]);
const F_TYPE_NAMES: u32 = 9;
// Template opcodes besides fragment numbers.
const OP_POS: u32 = 32;
const OP_STR: u32 = 33;
const OP_STR2: u32 = 34;
const OP_GOT: u32 = 35;
const OP_CONTAINER: u32 = 36;
const OP_SHOW: u32 = 37;
const OP_END: u32 = 255;
const TEMPLATES = memory.data<u8>([
  33, 255,                                 // detail
  0, 32, 1, 33, 2, 35, 255,                // operand P must be S but got T
  0, 32, 1, 36, 3, 33, 4, 36, 5, 35, 255,  // operand P must be C of Ss but got C containing T
  0, 32, 6, 33, 255,                       // operand P S
  33, 37, 34, 255,                         // S <shown> S2
]);
const TEMPLATE_AT = memory.data<u8>([0, 2, 9, 20, 25]);
const HEX_UPPER = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 65, 66, 67, 68, 69, 70]);

// Writes the recorded message into the error area (once).
function compose(): void {
  let form = (errorInfo >> 2) & 7;
  if (form == FORM_TEXT) return;
  errorLen = 0;
  for (let t = TEMPLATES + <usize>load<u8>(TEMPLATE_AT + form); ; t++) {
    let op = <u32>load<u8>(t);
    if (op == OP_END) break;
    if (op == OP_POS) { putInt((errorInfo >> 5) & 15); continue; }
    if (op == OP_SHOW) { putShown(); continue; }
    // Everything else is a UTF-16 literal: a fragment, a type name or one of the recorded texts.
    let text: usize, n: u32;
    if (op == OP_STR || op == OP_STR2) {
      text = op == OP_STR ? <usize>(errorInfo >> 11) : errorStr2;
      n = <u32>changetype<string>(text).length;
    } else {
      let value = op == OP_GOT ? errorGot : errorContainer;
      let f = op < OP_POS ? op : F_TYPE_NAMES + (value == 0 ? 0 : <u32>vtype(value));
      text = changetype<usize>(FRAGMENTS) + (<usize>load<u8>(FRAGMENT_AT + (f << 1)) << 1);
      n = <u32>load<u8>(FRAGMENT_AT + (f << 1), 1);
    }
    for (let k: u32 = 0; k < n; k++) put(<u32>load<u16>(text + (<usize>k << 1)));
  }
  store<u8>(errorScratch() + errorLen, 0);
  errorInfo = (errorInfo & 3) | (FORM_TEXT << 2);
}


function putShown(): void {
  let show = (errorInfo >> 9) & 3;
  if (show == SHOW_INT) { putInt(<u32>errorA); return; }
  let hex = show == SHOW_HEX_BYTE, quoted = show == SHOW_QUOTED;
  let n: i32 = hex ? 1 : <i32>errorB;
  // Quoted text has its quotes at -1 and n.
  let end: i32 = quoted ? n + 1 : n;
  for (let k: i32 = quoted ? -1 : 0; k < end; k++) {
    let c = hex ? <u32>errorA : k < 0 || k == n ? 34 : <u32>load<u8>(errorA + k);
    // What to write for this byte, up to eight bytes packed low byte first.
    let out: u64 = c, len: u32 = 1;
    if (hex) {
      // "67 'g'": the byte's two hex digits, then the byte read as a code point when Go counts it printable.
      out = <u64>load<u8>(HEX_UPPER + (c >> 4)) | (<u64>load<u8>(HEX_UPPER + (c & 15)) << 8);
      len = 2;
      if ((c >= 0x20 && c < 0x7f) || (c >= 0xa1 && c != 0xad)) {
        let utf8: u64 = c < 0x80 ? <u64>c : <u64>(0xc0 | (c >> 6)) | (<u64>(0x80 | (c & 0x3f)) << 8);
        let width: u32 = c < 0x80 ? 1 : 2;
        out |= (<u64>0x2720 | (utf8 << 16) | (<u64>39 << (16 + 8 * width))) << 16;
        len += 3 + width;
      }
    } else if (quoted && k >= 0 && k < n) {
      // Go's %q: printable ASCII as is, `"` and `\` escaped, \n \r \t, other bytes as \xNN (Go keeps printable
      // non-ASCII characters; only messages about such strings differ).
      if (c == 34 || c == 92) { out = 92 | (<u64>c << 8); len = 2; }
      else if (c == 10 || c == 13 || c == 9) { out = 92 | (<u64>(c == 10 ? 110 : c == 13 ? 114 : 116) << 8); len = 2; }
      else if (c < 32 || c >= 127) { out = 92 | (120 << 8) | (<u64>hexDigit(c >> 4) << 16) | (<u64>hexDigit(c & 15) << 24); len = 4; }
    }
    for (; len > 0; len--, out >>= 8) put(<u32>(out & 0xff));
  }
}

function putInt(x: u32): void {
  let div: u32 = 1;
  while (x / div >= 10) div *= 10;
  for (; div > 0; div /= 10) put(48 + (x / div) % 10);
}

// @ts-ignore: decorator
@inline function hexDigit(d: u32): u32 { return d < 10 ? 48 + d : 87 + d; }

// Over-long messages are cut: the area keeps room for the terminator.
function put(c: u32): void {
  if (errorLen < <u32>ERROR_SIZE - 1) store<u8>(errorScratch() + errorLen++, <u8>c);
}

// ---- Exports (README: strict builtin errors).

// The recorded message (NUL-terminated UTF-8, without the builtin's name), or 0 when no error is recorded.
export function verdict_builtin_error(): usize {
  if (!RECORD || (errorInfo & 3) == 0) return 0;
  compose();
  return errorScratch();
}

// 0 none, 1 eval_type_error, 2 eval_builtin_error.
export function verdict_builtin_error_kind(): i32 {
  return <i32>(errorInfo & 3);
}

export function verdict_builtin_error_clear(): void {
  errorInfo = 0;
}

// Records an error for a host builtin (the loader calls it when a JavaScript implementation throws); the message
// (without the builtin's name) is copied, so the caller's bytes may go.
export function verdict_builtin_error_set(kind: i32, message: usize): void {
  if (!RECORD) return;
  errorLen = 0;
  for (let p = message; load<u8>(p) != 0; p++) put(<u32>load<u8>(p));
  store<u8>(errorScratch() + errorLen, 0);
  errorInfo = (kind == <i32>KIND_TYPE ? KIND_TYPE : KIND_BUILTIN) | (FORM_TEXT << 2);
}

// Called by strict modules after a builtin returned 0: aborts with `<location>: <code>: <builtin>: <message>` when
// an error is recorded, and returns otherwise (the call was a plain undefined). `location` (`file:row`) and
// `builtin` are NUL-terminated.
export function verdict_builtin_error_raise(location: usize, builtin: usize): void {
  if (!RECORD || (errorInfo & 3) == 0) return;
  compose();
  let out = messageScratch();
  let n: u32 = 0;
  let cap = <u32>MESSAGE_SIZE - 1;
  for (let part = 0; part < 5; part++) {
    let p = part == 0 ? location : part == 1 ? ((errorInfo & 3) == KIND_TYPE ? TYPE_CODE : BUILTIN_CODE)
      : part == 2 ? builtin : part == 3 ? SEPARATOR : errorScratch();
    for (; load<u8>(p) != 0 && n < cap; p++) store<u8>(out + n++, load<u8>(p));
  }
  store<u8>(out + n, 0);
  failWith(out);
}

// NUL-terminated UTF-8 pieces of the abort message.
const TYPE_CODE = memory.data<u8>([58, 32, 101, 118, 97, 108, 95, 116, 121, 112, 101, 95, 101, 114, 114, 111, 114, 58, 32, 0]); // ": eval_type_error: "
const BUILTIN_CODE = memory.data<u8>([58, 32, 101, 118, 97, 108, 95, 98, 117, 105, 108, 116, 105, 110, 95, 101, 114, 114, 111, 114, 58, 32, 0]); // ": eval_builtin_error: "
const SEPARATOR = memory.data<u8>([58, 32, 0]); // ": "
