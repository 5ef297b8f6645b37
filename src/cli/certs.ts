// `verdict certs`: makes the webhook's CA and serving certificate, its TLS Secret and, with --render, caBundle-filled webhook configurations.
import { access, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateCertificates, renderTlsSecret, renderWebhookConfigs, servingSans, writeCertificates } from '../certs/index.js';
import { writeAtomically } from '../certs/write.js';
import { UserError } from '../shared/user-error.js';
import { formatFlags, parseArgs, type FlagSpec } from './args.js';

const spec = {
  namespace: { kind: 'string', value: 'NS', help: 'namespace of the webhook Service (default verdict-system)' },
  service: { kind: 'string', value: 'NAME', help: 'name of the webhook Service (default verdict)' },
  out: { kind: 'string', value: 'DIR', help: 'where to write ca.crt, tls.crt, tls.key and the Secret manifest (default certs)' },
  'validity-days': { kind: 'number', value: 'DAYS', help: 'lifetime of the serving certificate (default 365)' },
  'ca-validity-days': { kind: 'number', value: 'DAYS', help: 'lifetime of a new CA (default 3650)' },
  san: { kind: 'list', value: 'NAME|IP', help: 'another name for the serving certificate' },
  'reuse-ca': { kind: 'string', value: 'DIR', help: 'sign with ca.crt and ca.key from DIR instead of making a new CA' },
  'write-ca-key': { kind: 'boolean', help: 'also write ca.key (needed to reissue later with --reuse-ca)' },
  'secret-name': { kind: 'string', value: 'NAME', help: 'name of the TLS Secret (default <service>-tls)' },
  render: { kind: 'string', value: 'DIR|FILE|-', help: 'webhook configurations to render with the caBundle filled in (- reads stdin, e.g. kubectl kustomize output)' },
  'render-out': { kind: 'string', value: 'DIR', help: 'where rendered configurations go (default: --out)' },
  'extra-ca': { kind: 'list', value: 'FILE', help: 'another CA to trust in the caBundle, e.g. the old one during a CA rotation' },
  force: { kind: 'boolean', help: 'overwrite certificates already in --out' },
} satisfies FlagSpec;

const USAGE = `usage: verdict certs [--namespace NS] [--service NAME] [--out DIR] [--render webhook-config/] [options]

Makes a CA and a serving certificate for <service>.<namespace>.svc, writes them with a kubernetes.io/tls
Secret manifest to --out and, with --render, writes the webhook configurations with their caBundle filled in,
so that \`kubectl apply -f <out>\` installs them.

options:
${formatFlags(spec)}`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args, spec, 'verdict certs');
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const { flags, positionals } = parsed;
  if (positionals.length > 0) {
    process.stderr.write(`verdict certs: unexpected argument "${positionals[0]}"\n\n${USAGE}\n`);
    return 2;
  }
  const namespace = flags.namespace ?? 'verdict-system';
  const service = flags.service ?? 'verdict';
  const out = flags.out ?? 'certs';
  const renderOut = flags['render-out'] ?? out;
  if (flags['render-out'] !== undefined && flags.render === undefined) {
    process.stderr.write('verdict certs: --render-out needs --render\n');
    return 2;
  }

  if (!flags.force && (await exists(join(out, 'tls.crt')))) {
    throw new UserError(`verdict certs: ${join(out, 'tls.crt')} exists; pass --force to replace it (see docs/operations.md on rotation)`);
  }
  const ca = flags['reuse-ca'] === undefined ? undefined : await readCa(flags['reuse-ca']);
  const certs = generateCertificates({
    namespace,
    service,
    validityDays: flags['validity-days'],
    caValidityDays: flags['ca-validity-days'],
    extraSans: flags.san,
    ca,
  });
  // A reused CA keeps its key where it was: copying it into --out would only spread it.
  const written = await writeCertificates(out, certs, { writeCaKey: flags['write-ca-key'] && ca === undefined });
  await keepOutOfGit(out);
  const secretName = flags['secret-name'] ?? `${service}-tls`;
  const secretPath = join(out, `${secretName}.secret.yaml`);
  await writeAtomically(secretPath, renderTlsSecret(certs, namespace, secretName), 0o600);
  written.push(secretPath);

  const lines = [
    `serving certificate for ${servingSans(namespace, service, flags.san).dns.slice(0, 4).join(', ')} (and localhost, 127.0.0.1${flags.san.length ? ', ' + flags.san.join(', ') : ''})`,
    `expires ${certs.notAfter.toISOString()}`,
  ];
  if (flags.render !== undefined) {
    const extra = await Promise.all(flags['extra-ca'].map((file) => readText(file, 'extra CA')));
    const rendered = await renderWebhookConfigs(flags.render, [certs.caCertPem, ...extra].join('\n'), renderOut, { namespace, service });
    for (const r of rendered) if (r.path && !written.includes(r.path)) written.push(r.path);
    lines.push(`rendered ${rendered.map((r) => `${r.kind}/${r.name}`).join(', ')}`);
  }
  lines.push('wrote:', ...written.map((p) => `  ${p}`));
  const targets = flags.render === undefined || resolve(renderOut) === resolve(out) ? [out] : [out, renderOut];
  lines.push(`next, after kubectl apply -k webhook-config/ (or your overlay): kubectl apply ${targets.map((t) => `-f ${t}`).join(' ')}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/** Private keys (tls.key, the Secret manifest) must never be committed by accident, whatever the repository ignores. */
async function keepOutOfGit(dir: string): Promise<void> {
  const path = join(dir, '.gitignore');
  if (!(await exists(path))) await writeFile(path, '# Written by `verdict certs`: this folder holds private keys.\n*\n');
}

async function readCa(dir: string): Promise<{ certPem: string; keyPem: string }> {
  return { certPem: await readText(join(dir, 'ca.crt'), 'CA certificate'), keyPem: await readText(join(dir, 'ca.key'), 'CA key') };
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`verdict certs: cannot read the ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
