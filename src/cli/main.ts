/**
 * The `verdict` command line: one table of commands, each implemented in its own module
 * (`src/cli/<command>.ts`) that exports `run(args): Promise<number>` returning the exit code.
 */
import { RegoCompileError } from '../rego/source.js';

interface CommandEntry {
  summary: string;
  module: string;
}

const commands: Record<string, CommandEntry> = {
  build: { summary: 'compile Rego to a wasm bundle: build <files|dirs...> -o bundle.tar.gz [-e a/b/c]... [--v0-compatible]', module: './build.js' },
  eval: { summary: "evaluate a query: eval -d <files|dirs> [-i input.json] [--data data.json] 'data.a.b'", module: './eval.js' },
  test: { summary: 'run test_* rules: test <files|dirs...> [-v]', module: './test.js' },
  serve: { summary: 'serve the admission webhook: serve [--port 8443] [--bundle B] [--config verdict.yaml] [--cert-dir certs] [--audit-file F]', module: './serve.js' },
  review: { summary: 'one admission decision: review <review.json|manifest.yaml> [--bundle B] [--config verdict.yaml]', module: './review.js' },
  scan: { summary: 'dry-run policies over manifests or a cluster: scan <paths...> | --cluster [--format text|json|junit|sarif]', module: './scan.js' },
  audit: { summary: 'audit records: audit verify <files...>', module: './audit.js' },
  certs: { summary: 'make a CA and serving certificate: certs --namespace NS --service NAME --out DIR [--render webhook-config/]', module: './certs.js' },
};

function usage(): string {
  const lines = ['usage: verdict <command> [options]', '', 'commands:'];
  for (const [name, entry] of Object.entries(commands)) lines.push(`  ${name.padEnd(8)} ${entry.summary}`);
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const entry = commands[name];
  if (!entry) {
    process.stderr.write(`verdict: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  let mod: { run(args: string[]): Promise<number> };
  try {
    mod = await import(entry.module);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write(`verdict: the ${name} command is not available in this build\n`);
      return 2;
    }
    throw err;
  }
  return mod.run(rest);
}

/** Errors a user can act on are printed as one line each; anything else is a bug and keeps its stack. */
function reportFailure(err: unknown): number {
  if (err instanceof RegoCompileError || (err instanceof Error && (err as { userFacing?: boolean }).userFacing)) {
    process.stderr.write(err.message + '\n');
    return 1;
  }
  process.stderr.write(`verdict: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  return 70;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.exitCode = reportFailure(err);
  },
);
