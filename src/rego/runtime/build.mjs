// Compiles the AssemblyScript runtime (assembly/index.ts) into dist/src/rego/runtime/runtime.wasm, and again, with
// builtin errors recorded (README: builtin errors), into runtime-strict.wasm for modules compiled strict.
import asc from 'assemblyscript/asc';
import binaryen from 'binaryen';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const outDir = join(root, 'dist/src/rego/runtime');
// The two builds: the plain one records nothing, so non-strict modules carry no error-recording code at all.
// VERDICT_WASM_NAMES=1 keeps function names (a name section) for profiling: CPU profiles then show
// `verdict_f12` or `~lib/.../objectGet` instead of `wasm-function[77]`. Modules emitted with the variable set keep theirs.
const KEEP_NAMES = process.env.VERDICT_WASM_NAMES === '1';
const BUILDS = [
  { file: 'runtime.wasm', use: [] },
  { file: 'runtime-strict.wasm', use: ['--use', 'VERDICT_RECORD_ERRORS=1'] },
];

// Exports the code generator and the SDK call by name; a missing one is a build error, not a link error later.
const REQUIRED_EXPORTS = [
  'memory', 'verdict_heap_base', 'opa_wasm_abi_version', 'opa_wasm_abi_minor_version',
  'opa_malloc', 'opa_free', 'opa_heap_ptr_get', 'opa_heap_ptr_set',
  'opa_heap_blocks_stash', 'opa_heap_blocks_restore', 'opa_heap_stash_clear',
  'opa_json_parse', 'opa_value_parse', 'opa_json_dump', 'opa_value_dump', 'verdict_json_dump_recent',
  'opa_eval', 'eval', 'opa_eval_ctx_new', 'opa_eval_ctx_set_input', 'opa_eval_ctx_set_data',
  'opa_eval_ctx_set_entrypoint', 'opa_eval_ctx_get_result',
  'opa_value_add_path', 'opa_value_remove_path', 'opa_value_free',
  'opa_null', 'opa_boolean', 'opa_number_int', 'opa_number_float', 'opa_number_ref', 'opa_string',
  'opa_array_with_cap', 'opa_object', 'opa_set', 'opa_array_append', 'opa_object_insert',
  'verdict_object_insert_once', 'opa_set_add', 'opa_value_type', 'opa_value_get', 'verdict_len',
  'verdict_key_at', 'verdict_value_at', 'opa_value_length', 'opa_value_compare', 'verdict_value_equal',
  'opa_value_merge', 'opa_value_shallow_copy', 'verdict_upsert_path', 'verdict_is_false',
  'opa_memoize_init', 'opa_memoize_push', 'opa_memoize_pop', 'opa_memoize_insert', 'opa_memoize_get',
  'verdict_builtin_error', 'verdict_builtin_error_kind', 'verdict_builtin_error_clear', 'verdict_builtin_error_raise',
];

function fail(message) {
  console.error(`build:runtime: ${message}`);
  process.exit(1);
}

async function compile(use) {
  let binary = null;
  const stderr = [];
  const { error } = await asc.main([
    relative(process.cwd(), join(here, 'assembly/index.ts')),
    '-O3', '--runtime', 'stub', '--importMemory', '--noAssert',
    // AssemblyScript's own abort takes (message, file, line, column) as UTF-16 strings, which the SDK's
    // opa_abort cannot read; the runtime never triggers it, and `runtimeAbort` turns any stray call into a readable message.
    '--use', `abort=${relative(process.cwd(), join(here, 'assembly/env')).split('\\').join('/')}/runtimeAbort`,
    ...use,
    ...(KEEP_NAMES ? ['--debug'] : []),
    '--disableWarning', '201', '--outFile', 'runtime.wasm',
  ], {
    writeFile(name, contents) {
      if (name.endsWith('.wasm')) binary = contents;
    },
    stdout: { write() { return true; } },
    stderr: { write(chunk) { stderr.push(String(chunk)); return true; } },
  });
  if (error) fail(`asc failed: ${error.message}\n${stderr.join('')}`);
  if (!binary) fail('asc produced no binary');
  return binary;
}

// asc cannot give an exported mutable global a constant initialiser that depends on `__heap_base`: it sets it
// in a start function instead. The emitter rewrites that global's initial value, so the start function has to
// go: move each constant `global.set` it does into the global's initialiser and drop it.
function foldStartFunction(module) {
  const start = module.getStart();
  if (!start) return;
  const info = binaryen.getFunctionInfo(start);
  const body = binaryen.getExpressionInfo(info.body);
  const sets = body.id === binaryen.BlockId
    ? body.children.map((child) => binaryen.getExpressionInfo(child))
    : [body];
  for (const set of sets) {
    const value = set.id === binaryen.GlobalSetId ? binaryen.getExpressionInfo(set.value) : null;
    if (!value || value.id !== binaryen.ConstId) fail('the start function does more than set globals to constants');
    const global = binaryen.getGlobalInfo(module.getGlobal(set.name));
    const exported = findExportOf(module, binaryen.ExternalGlobal, set.name);
    module.removeGlobal(set.name);
    module.addGlobal(set.name, global.type, global.mutable, module.i32.const(value.value));
    if (exported) {
      module.removeExport(exported);
      module.addGlobalExport(set.name, exported);
    }
  }
  module.setStart(0);
  module.removeFunction(info.name);
}

function findExportOf(module, kind, internalName) {
  for (let i = 0; i < module.getNumExports(); i++) {
    const info = binaryen.getExportInfo(module.getExportByIndex(i));
    if (info.kind === kind && info.value === internalName) return info.name;
  }
  return null;
}

function checkModule(module) {
  const names = new Set();
  for (let i = 0; i < module.getNumExports(); i++) names.add(binaryen.getExportInfo(module.getExportByIndex(i)).name);
  const missing = REQUIRED_EXPORTS.filter((name) => !names.has(name));
  if (missing.length > 0) fail(`missing exports: ${missing.join(', ')}`);
  // The SDK's default memory has 5 pages and no maximum; its tests use 2. Static data must fit the minimum.
  const memory = module.getMemoryInfo(binaryen.getExportInfo(module.getExport('memory')).value);
  if (memory.module !== 'env' || memory.base !== 'memory') fail('memory is not imported as env.memory');
  if (memory.initial > 2) fail(`memory import minimum is ${memory.initial} pages (at most 2 allowed)`);
  if (memory.max !== undefined) fail('memory import declares a maximum');
  const heapBase = binaryen.getExpressionInfo(binaryen.getGlobalInfo(module.getGlobal(
    binaryen.getExportInfo(module.getExport('verdict_heap_base')).value)).init).value;
  if (heapBase > memory.initial * 65536) fail(`static data (${heapBase} bytes) exceeds the memory minimum`);
  if (!module.validate()) fail('the module does not validate');
}

// The features asc emits; binaryen reads MVP only unless told (and asserts on memory.copy).
const FEATURES = binaryen.Features.MutableGlobals | binaryen.Features.SignExt | binaryen.Features.NontrappingFPToInt
  | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt;
mkdirSync(outDir, { recursive: true });
binaryen.setDebugInfo(KEEP_NAMES);
for (const build of BUILDS) {
  const module = binaryen.readBinary(await compile(build.use), FEATURES);
  foldStartFunction(module);
  checkModule(module);
  const bytes = module.emitBinary();
  module.dispose();
  const outFile = join(outDir, build.file);
  writeFileSync(outFile, bytes);
  console.log(`build:runtime: ${relative(root, outFile)} (${bytes.length} bytes)`);
}
