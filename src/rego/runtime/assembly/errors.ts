// Builtin errors: why a builtin returned undefined, recorded so that strict modules can stop evaluation with it.
//
// A native builtin that rejects its operands records OPA's message (without the builtin's name, which the call site
// knows) and error kind here, then returns 0 (undefined). Non-strict modules never look (OPA's default: the call is
// just undefined). Strict modules check after every call that returned 0 and abort with
// `<file>:<row>: <code>: <builtin>: <message>` (verdict_builtin_error_raise). The invariant the emitter relies on:
// a builtin records an error exactly when it returns 0 because of one; a legitimate undefined (max of an empty
// array) records nothing.
//
// Recording is cheap and allocates nothing: the common forms (OPA's operand messages) only note their parts, and
// the text is composed when someone asks for it, in a static area (an exhausted heap cannot turn an error into a
// trap). Messages with parts only the builtin can write (a quoted string, a byte offset) are written at once.
import { failWith } from "./env";
import { ERROR_SIZE, MESSAGE_SIZE, errorScratch, messageScratch } from "./scratch";
import { vtype } from "./value";

/** OPA's eval_type_error: an operand of the wrong type or shape (Go's builtins.ErrOperand). */
export const KIND_TYPE: i32 = 1;
/** OPA's eval_builtin_error: anything else a builtin rejects (divide by zero, bad base64, …). */
export const KIND_BUILTIN: i32 = 2;

// How the message is to be composed from the recorded parts.
const FORM_TEXT: i32 = 0;    // already written to the error area
const FORM_TYPE: i32 = 1;    // operand <pos> must be <str> but got <got>
const FORM_ELEMENT: i32 = 2; // operand <pos> must be <container> of <str>s but got <container> containing <got>
const FORM_OPERAND: i32 = 3; // operand <pos> <str>
const FORM_DETAIL: i32 = 4;  // <str>

let errorKind: i32 = 0;
let errorForm: i32 = FORM_TEXT;
let errorPos: i32 = 0;
let errorStr: usize = 0;      // an AssemblyScript string literal (static UTF-16)
let errorGot: u8 = 0;         // type tags, kept rather than the values
let errorContainer: u8 = 0;
// Bytes of the message written so far (the NUL terminator excluded).
let errorLen: u32 = 0;

// ---- Recording OPA's common messages (Go's topdown/builtins helpers). Each returns 0, for `return typeError(…)`.

function record(kind: i32, form: i32, pos: i32, str: string): usize {
  errorKind = kind;
  errorForm = form;
  errorPos = pos;
  errorStr = changetype<usize>(str);
  return 0;
}

// "operand <pos> must be <expected> but got <type>" (NewOperandTypeErr); `expected` is one type or "one of {a, b}".
export function typeError(pos: i32, expected: string, got: usize): usize {
  errorGot = got == 0 ? 0 : vtype(got);
  return record(KIND_TYPE, FORM_TYPE, pos, expected);
}

// "operand <pos> must be array of <expected>s but got array containing <type>" (NewOperandElementErr).
export function elementError(pos: i32, container: usize, expected: string, got: usize): usize {
  errorContainer = vtype(container);
  errorGot = got == 0 ? 0 : vtype(got);
  return record(KIND_TYPE, FORM_ELEMENT, pos, expected);
}

// "operand <pos> <detail>" (NewOperandErr): a type error about an operand's value.
export function operandError(pos: i32, detail: string): usize {
  return record(KIND_TYPE, FORM_OPERAND, pos, detail);
}

// A builtin error with a fixed message.
export function builtinError(detail: string): usize {
  return record(KIND_BUILTIN, FORM_DETAIL, 0, detail);
}

// ---- Writing a message at once: errorBegin, then pieces, then errorEnd (which returns 0).

export function errorBegin(kind: i32): void {
  errorKind = kind;
  errorForm = FORM_TEXT;
  errorLen = 0;
}

// Appends an ASCII AssemblyScript literal.
export function errorText(s: string): void {
  let src = changetype<usize>(s);
  let n = <u32>s.length;
  for (let i: u32 = 0; i < n; i++) errorByte(<u32>load<u16>(src + (<usize>i << 1)));
}

export function errorBytes(p: usize, n: u32): void {
  for (let i: u32 = 0; i < n; i++) errorByte(<u32>load<u8>(p + i));
}

export function errorInt(x: i64): void {
  if (x < 0) errorByte(45);
  let u = x < 0 ? <u64>0 - <u64>x : <u64>x;
  let div: u64 = 1;
  while (u / div >= 10) div *= 10;
  for (; div > 0; div /= 10) errorByte(<u32>(48 + (u / div) % 10));
}

// Appends a code point as UTF-8.
export function errorCodePoint(c: u32): void {
  if (c < 0x80) { errorByte(c); return; }
  let n: u32 = c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
  errorByte(((0xf0 << (3 - n)) & 0xff) | (c >> (6 * n)));
  for (let k = n; k > 0; k--) errorByte(0x80 | ((c >> (6 * (k - 1))) & 0x3f));
}

// OPA's type name of a value (Go's ast.TypeName).
export function errorTypeName(v: usize): void {
  typeName(v == 0 ? 0 : vtype(v));
}

// Type names by tag (0: undefined, then T_NULL … T_SET), each as start and length in TYPE_NAMES.
const TYPE_NAMES = "undefinednullbooleannumberstringarrayobjectset";
const TYPE_NAME_AT = memory.data<u8>([0, 9, 9, 4, 13, 7, 20, 6, 26, 6, 32, 5, 37, 6, 43, 3]);

function typeName(t: u8): void {
  let at = TYPE_NAME_AT + (<usize>min<u8>(t, 7) << 1);
  let src = changetype<usize>(TYPE_NAMES) + (<usize>load<u8>(at) << 1);
  let n = <u32>load<u8>(at, 1);
  for (let i: u32 = 0; i < n; i++) errorByte(<u32>load<u16>(src + (<usize>i << 1)));
}

// Bytes in double quotes, as Go's %q prints them: printable ASCII as is, `"` and `\` escaped, \n \r \t, other bytes
// as \xNN (Go keeps printable non-ASCII characters; only messages about such strings differ).
export function errorQuoted(p: usize, n: u32): void {
  errorByte(34);
  for (let i: u32 = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 34 || c == 92) errorByte(92);
    if (c >= 32 && c < 127) { errorByte(c); continue; }
    errorByte(92);
    if (c == 10 || c == 13 || c == 9) { errorByte(c == 10 ? 110 : c == 13 ? 114 : 116); continue; }
    errorByte(120);
    errorByte(hexDigit(c >> 4));
    errorByte(hexDigit(c & 15));
  }
  errorByte(34);
}

// @ts-ignore: decorator
@inline function hexDigit(d: u32): u32 { return d < 10 ? 48 + d : 87 + d; }

// Over-long messages are cut: the area keeps room for the terminator.
function errorByte(c: u32): void {
  if (errorLen < <u32>ERROR_SIZE - 1) store<u8>(errorScratch() + errorLen++, <u8>c);
}

export function errorEnd(): usize {
  store<u8>(errorScratch() + errorLen, 0);
  return 0;
}

// Writes a recorded message out (once).
function compose(): void {
  if (errorForm == FORM_TEXT) return;
  let str = changetype<string>(errorStr);
  errorLen = 0;
  if (errorForm != FORM_DETAIL) {
    errorText("operand ");
    errorInt(errorPos);
    errorText(errorForm == FORM_OPERAND ? " " : " must be ");
  }
  if (errorForm == FORM_ELEMENT) {
    typeName(errorContainer);
    errorText(" of ");
    errorText(str);
    errorText("s but got ");
    typeName(errorContainer);
    errorText(" containing ");
    typeName(errorGot);
  } else {
    errorText(str);
    if (errorForm == FORM_TYPE) {
      errorText(" but got ");
      typeName(errorGot);
    }
  }
  errorForm = FORM_TEXT;
  errorEnd();
}

// ---- Exports (README: strict builtin errors).

// The recorded message (NUL-terminated UTF-8, without the builtin's name), or 0 when no error is recorded.
export function verdict_builtin_error(): usize {
  if (errorKind == 0) return 0;
  compose();
  return errorScratch();
}

// 0 none, 1 eval_type_error, 2 eval_builtin_error.
export function verdict_builtin_error_kind(): i32 {
  return errorKind;
}

export function verdict_builtin_error_clear(): void {
  errorKind = 0;
}

// Records an error for a host builtin (the loader calls it when a JavaScript implementation throws); the message
// (without the builtin's name) is copied, so the caller's bytes may go.
export function verdict_builtin_error_set(kind: i32, message: usize): void {
  errorBegin(kind == KIND_TYPE ? KIND_TYPE : KIND_BUILTIN);
  for (let p = message; load<u8>(p) != 0; p++) errorByte(<u32>load<u8>(p));
  errorEnd();
}

// Called by strict modules after a builtin returned 0: aborts with `<location>: <code>: <builtin>: <message>` when
// an error is recorded, and returns otherwise (the call was a plain undefined). `location` (`file:row`) and
// `builtin` are NUL-terminated.
export function verdict_builtin_error_raise(location: usize, builtin: usize): void {
  if (errorKind == 0) return;
  compose();
  let out = messageScratch();
  let n = appendCString(out, 0, location);
  n = appendCString(out, n, errorKind == KIND_TYPE ? TYPE_CODE : BUILTIN_CODE);
  n = appendCString(out, n, builtin);
  n = appendCString(out, n, SEPARATOR);
  n = appendCString(out, n, errorScratch());
  store<u8>(out + n, 0);
  failWith(out);
}

// NUL-terminated UTF-8 pieces of the abort message.
const TYPE_CODE = memory.data<u8>([58, 32, 101, 118, 97, 108, 95, 116, 121, 112, 101, 95, 101, 114, 114, 111, 114, 58, 32, 0]); // ": eval_type_error: "
const BUILTIN_CODE = memory.data<u8>([58, 32, 101, 118, 97, 108, 95, 98, 117, 105, 108, 116, 105, 110, 95, 101, 114, 114, 111, 114, 58, 32, 0]); // ": eval_builtin_error: "
const SEPARATOR = memory.data<u8>([58, 32, 0]); // ": "

function appendCString(out: usize, n: u32, p: usize): u32 {
  let cap = <u32>MESSAGE_SIZE - 1;
  for (; load<u8>(p) != 0 && n < cap; p++) store<u8>(out + n++, load<u8>(p));
  return n;
}
