// `verdict audit verify <files...>`: checks the audit hash chain across rotated files; exit 0 only when intact.
import { readFileSync } from 'node:fs';
import { verifyAuditFiles, type VerifyOptions } from '../audit/verify.js';

const USAGE = `usage: verdict audit verify [options] <files...>

Checks the hash chain of audit files (the active file and its rotated predecessors, in any order) and prints
one line per problem as file:line: kind: message.

options:
  --key FILE              PEM public key (or certificate) of the checkpoint signer: signatures are checked
  --checkpoint-every N    longest run of decisions allowed between checkpoints (default: from the checkpoints)
  --require-origin        fail if the chain does not start at its first genesis (earlier files missing)
  --ignore-foreign        skip lines that are not audit records (a collected log stream)
  --json                  print the result as JSON

exit status: 0 intact, 1 tampered or damaged, 2 usage error`;

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '-h' || sub === '--help' || sub === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (sub !== 'verify') return usageError(sub ? `unknown audit subcommand "${sub}"` : 'missing subcommand');
  const parsed = parseVerifyArgs(rest);
  if (typeof parsed === 'string') return usageError(parsed);
  const { files, json, keyFile, ...opts } = parsed;
  let options: VerifyOptions = opts;
  let result;
  try {
    if (keyFile) options = { ...options, publicKeyPem: readFileSync(keyFile, 'utf8') };
    result = await verifyAuditFiles(files, options);
  } catch (err) {
    // Unreadable files or keys are the caller's to fix, not evidence of tampering.
    process.stderr.write(`verdict audit verify: ${(err as Error).message}\n`);
    return 2;
  }
  if (json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    for (const p of result.problems) process.stdout.write(`${p.file}:${p.line}: ${p.kind}: ${p.message}\n`);
    const summary = `${result.records} records (${result.decisions} decisions, ${result.checkpoints} checkpoints) in ${result.files.length} file(s)`;
    if (!result.startsAtOrigin) process.stdout.write('note: the chain starts after records that were not given (rotated away?)\n');
    process.stdout.write(result.ok ? `audit chain intact: ${summary}\n` : `audit chain broken: ${result.problems.length} problem(s) in ${summary}\n`);
  }
  return result.ok ? 0 : 1;
}

interface VerifyArgs extends Omit<VerifyOptions, 'publicKeyPem'> {
  files: string[];
  json: boolean;
  keyFile?: string;
}

function parseVerifyArgs(args: string[]): VerifyArgs | string {
  const out: VerifyArgs = { files: [], json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    switch (a) {
      case '--key':
        out.keyFile = args[++i];
        if (!out.keyFile) return '--key needs a file';
        break;
      case '--checkpoint-every': {
        const n = Number(args[++i]);
        if (!Number.isInteger(n) || n < 1) return '--checkpoint-every needs a positive integer';
        out.checkpointEvery = n;
        break;
      }
      case '--require-origin':
        out.requireOrigin = true;
        break;
      case '--ignore-foreign':
        out.ignoreForeign = true;
        break;
      case '--json':
        out.json = true;
        break;
      default:
        if (a.startsWith('-')) return `unknown option ${a}`;
        out.files.push(a);
    }
  }
  if (out.files.length === 0) return 'no files given';
  return out;
}

function usageError(message: string): number {
  process.stderr.write(`verdict audit: ${message}\n\n${USAGE}\n`);
  return 2;
}
