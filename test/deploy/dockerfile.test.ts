// Pins the Dockerfile's shape: multi-stage, production dependencies only at runtime, non-root, port 8443, no HEALTHCHECK.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { find, kustomize, projectRoot, type Manifest } from './kustomize.js';

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  name: string;
  instructions: Instruction[];
}

/** Stages and their instructions, with comments dropped and continuation lines joined, as Docker reads them. */
function readDockerfile(text: string): Stage[] {
  const lines = text.split('\n').filter((l) => !/^\s*#/.test(l));
  const joined = lines.join('\n').replace(/\\\s*\n/g, ' ');
  const stages: Stage[] = [];
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const instruction = { keyword: match[1].toUpperCase(), args: match[2].trim() };
    if (instruction.keyword === 'FROM') {
      const name = /\s+AS\s+(\S+)$/i.exec(instruction.args)?.[1] ?? String(stages.length);
      stages.push({ name, instructions: [] });
    } else if (stages.length > 0) stages[stages.length - 1].instructions.push(instruction);
  }
  return stages;
}

const args = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

describe('Dockerfile', () => {
  const text = readFileSync(join(projectRoot, 'Dockerfile'), 'utf8');
  const stages = readDockerfile(text);
  const runtime = stages[stages.length - 1];
  const byName = (name: string) => stages.find((s) => s.name === name)!;

  it('builds in a stage with dev dependencies, then compiles TypeScript and the policy bundle', () => {
    const build = byName('build');
    const runs = args(build, 'RUN');
    expect(runs.some((r) => /^npm ci\b/.test(r) && !r.includes('--omit=dev'))).to.equal(true);
    expect(runs).to.include('npm run build');
    expect(runs.some((r) => r.includes('bin/verdict.js build policies -o dist/policies.tar.gz'))).to.equal(true);
  });

  it('installs production dependencies only for the runtime, and copies nothing from the context into it', () => {
    expect(args(byName('deps'), 'RUN').some((r) => r.includes('npm ci --omit=dev'))).to.equal(true);
    expect(args(runtime, 'RUN')).to.deep.equal([]);
    const copies = args(runtime, 'COPY');
    expect(copies.length).to.be.greaterThan(0);
    for (const copy of copies) expect(copy, copy).to.match(/^--from=(build|deps)\s/);
    expect(copies.some((c) => c.startsWith('--from=deps /app/node_modules'))).to.equal(true);
  });

  it('runs as a numeric non-root user, which Kubernetes can check against runAsNonRoot', () => {
    const [user] = args(runtime, 'USER');
    expect(user).to.match(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).to.be.greaterThan(0);
  });

  it('exposes 8443, has no HEALTHCHECK and starts the CLI in exec form', () => {
    expect(args(runtime, 'EXPOSE')).to.deep.equal(['8443']);
    expect(stages.flatMap((s) => args(s, 'HEALTHCHECK'))).to.deep.equal([]);
    const [entrypoint] = args(runtime, 'ENTRYPOINT');
    expect(JSON.parse(entrypoint)).to.deep.equal(['node', '/app/bin/verdict.js']);
    expect(JSON.parse(args(runtime, 'CMD')[0])).to.include('serve').and.include('--port=8443');
  });

  it('agrees with the Deployment on the user, the port and the bundle path', function () {
    this.timeout(120_000);
    const manifests: Manifest[] = kustomize('webhook-config');
    const pod = (find(manifests, 'Deployment', 'verdict').spec as { template: { spec: { containers: Array<Record<string, any>> } } }).template.spec;
    const container = pod.containers[0];
    expect(String(container.securityContext.runAsUser)).to.equal(args(runtime, 'USER')[0].split(':')[0]);
    expect(container.ports.map((p: { containerPort: number }) => String(p.containerPort))).to.include(args(runtime, 'EXPOSE')[0]);
    const bundleArg = (container.args as string[]).find((a) => a.startsWith('--bundle='));
    expect(JSON.parse(args(runtime, 'CMD')[0])).to.include(bundleArg);
    expect(args(runtime, 'COPY').some((c) => c.endsWith(`./${bundleArg!.slice('--bundle=/app/'.length)}`))).to.equal(true);
  });

  it('keeps keys, git history, node_modules and build output out of the build context', () => {
    const ignored = readFileSync(join(projectRoot, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).to.include.members(['.git', 'node_modules', 'dist', 'certs']);
  });
});
