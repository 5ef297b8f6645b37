// `verdict build`: bundles written from files and directories, entrypoint defaults and errors, data layout.
import { expect } from 'chai';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { loadBundle, readBundle } from '../../../src/rego/bundle/index.js';
import { fixture, runCli } from './run-cli.js';

const POLICY = `package app.authz

# METADATA
# entrypoint: true
allow if input.user == data.app.owner

admins contains name if {
	some name in input.users
}
`;

describe('verdict build', () => {
  let dir: string;
  before(async () => {
    dir = await fixture({
      'policy/authz.rego': POLICY,
      'policy/app/data.json': '{"owner": "alice"}',
      'v0/old.rego': 'package old\n\nallow { input.ok == true }\n',
      'broken/bad.rego': 'package bad\n\np if {\n',
    });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes a bundle whose entrypoints evaluate through the loader', async () => {
    const res = await runCli(['build', 'policy', '-o', 'out.tar.gz', '-e', 'app/authz/allow', '-e', 'app/authz/admins'], dir);
    expect(res.stderr).to.equal('');
    expect(res.code).to.equal(0);
    const { bundle, policy } = await loadBundle(path.join(dir, 'out.tar.gz'));
    expect(bundle.entrypoints).to.deep.equal(['app/authz/allow', 'app/authz/admins']);
    expect(policy.evaluate({ user: 'alice' }, 'app/authz/allow')).to.deep.equal([{ result: true }]);
    expect(policy.evaluate({ user: 'bob' }, 'app/authz/allow')).to.deep.equal([]);
    expect(policy.evaluate({ users: ['x'] }, 'app/authz/admins')).to.deep.equal([{ result: ['x'] }]);
  });

  it('merges a data.json found in a directory at its path and includes the sources', async () => {
    await runCli(['build', 'policy', '-o', 'data.tar.gz', '-e', 'app/authz/allow'], dir);
    const bundle = await readBundle(path.join(dir, 'data.tar.gz'));
    expect(bundle.data).to.deep.equal({ app: { owner: 'alice' } });
    expect(bundle.modules.map((m) => m.path)).to.deep.equal(['/policy/authz.rego']);
    expect(bundle.manifest).to.deep.include({ revision: '', roots: [''] });
  });

  it('takes the entrypoints from METADATA when no -e is given, and records --revision', async () => {
    const res = await runCli(['build', 'policy', '-o', 'meta.tar.gz', '--revision', 'r42'], dir);
    expect(res.code).to.equal(0);
    const bundle = await readBundle(path.join(dir, 'meta.tar.gz'));
    expect(bundle.manifest.wasm).to.deep.equal([{ entrypoint: 'app/authz/allow', module: '/policy.wasm' }]);
    expect(bundle.revision).to.equal('r42');
  });

  it('asks for -e when there is neither -e nor an annotated entrypoint', async () => {
    const res = await runCli(['build', 'v0/old.rego', '--v0-compatible', '-o', 'x.tar.gz'], dir);
    expect(res.code).to.equal(1);
    expect(res.stderr).to.equal('verdict build: no entrypoints: give -e\n');
  });

  it('reports an -e naming a missing rule as one line located at the package, with exit code 1', async () => {
    const res = await runCli(['build', 'policy', '-o', 'x.tar.gz', '-e', 'app/authz/nope'], dir);
    expect(res.code).to.equal(1);
    expect(res.stderr).to.equal(`${path.join('policy', 'authz.rego')}:1:1: rego_compile_error: entrypoint app/authz/nope: no rule nope in package app.authz\n`);
  });

  it('reports an -e outside every package as one line, with exit code 1', async () => {
    const res = await runCli(['build', 'policy', '-o', 'x.tar.gz', '-e', 'other/rule'], dir);
    expect(res.code).to.equal(1);
    expect(res.stderr.trim().split('\n')).to.deep.equal(['rego_compile_error: entrypoint other/rule: does not refer to a rule or package']);
  });

  it('compiles v0 syntax with --v0-compatible and records rego_version 0', async () => {
    const res = await runCli(['build', 'v0', '--v0-compatible', '-e', 'old/allow', '-o', 'v0.tar.gz'], dir);
    expect(res.stderr).to.equal('');
    const { bundle, policy } = await loadBundle(path.join(dir, 'v0.tar.gz'));
    expect(bundle.manifest.rego_version).to.equal(0);
    expect(policy.evaluate({ ok: true }, 'old/allow')).to.deep.equal([{ result: true }]);
  });

  it('rejects v0 syntax without --v0-compatible with a located parse error', async () => {
    const res = await runCli(['build', 'v0', '-e', 'old/allow', '-o', 'x.tar.gz'], dir);
    expect(res.code).to.equal(1);
    expect(res.stderr).to.match(/^v0\/old\.rego:\d+:\d+: rego_parse_error: /);
  });

  it('prints syntax errors one per line and exits 1', async () => {
    const res = await runCli(['build', 'broken', '-e', 'bad/p', '-o', 'x.tar.gz'], dir);
    expect(res.code).to.equal(1);
    for (const line of res.stderr.trim().split('\n')) expect(line).to.match(/^broken\/bad\.rego:\d+:\d+: rego_parse_error: /);
  });

  it('rejects a call without files', async () => {
    const res = await runCli(['build', '-e', 'a/b'], dir);
    expect(res.code).to.equal(1);
    expect(res.stderr).to.contain('give at least one .rego file or directory');
  });
});
