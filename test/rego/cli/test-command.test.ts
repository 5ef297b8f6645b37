// `verdict test`: test_* discovery, pass/fail per test with locations, the summary and the exit code.
import { expect } from 'chai';
import { rm } from 'node:fs/promises';
import { fixture, runCli } from './run-cli.js';

const POLICY = `package ex

allow if input.user == "alice"
`;

const TESTS = `package ex_test

import data.ex

test_alice_allowed if ex.allow with input as {"user": "alice"}

test_bob_denied if not ex.allow with input as {"user": "bob"}

test_bob_allowed if ex.allow with input as {"user": "bob"}

test_not_boolean := "yes"

todo_test_later if false
`;

describe('verdict test', () => {
  let dir: string;
  before(async () => {
    dir = await fixture({
      'p/ex.rego': POLICY,
      'p/ex_test.rego': TESTS,
      'ok/ex.rego': POLICY,
      'ok/ex_test.rego': 'package ok_test\n\nimport data.ex\n\ntest_alice if ex.allow with input as {"user": "alice"}\n',
      'bad/x.rego': 'package bad\n\ntest_x if y\n',
      'none/x.rego': 'package none\n\np := 1\n',
    });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('prints failing tests with file:line and the summary, and exits 1', async () => {
    const res = await runCli(['test', 'p'], dir);
    expect(res.code).to.equal(1);
    const lines = res.stdout.trim().split('\n');
    expect(lines).to.deep.equal([
      'p/ex_test.rego:9: data.ex_test.test_bob_allowed: FAIL (undefined)',
      'p/ex_test.rego:11: data.ex_test.test_not_boolean: FAIL (value "yes")',
      '-'.repeat(80),
      'PASS: 2/5',
      'FAIL: 2/5',
      'SKIPPED: 1/5',
    ]);
  });

  it('prints every test with -v', async () => {
    const res = await runCli(['test', '-v', 'p'], dir);
    expect(res.stdout).to.contain('p/ex_test.rego:5: data.ex_test.test_alice_allowed: PASS\n');
    expect(res.stdout).to.contain('p/ex_test.rego:13: data.ex_test.todo_test_later: SKIPPED\n');
  });

  it('exits 0 when every test passes', async () => {
    const res = await runCli(['test', 'ok'], dir);
    expect(res.code).to.equal(0);
    expect(res.stdout).to.equal('PASS: 1/1\n');
  });

  it('runs only the tests --run selects', async () => {
    const res = await runCli(['test', '--run', 'alice', 'p'], dir);
    expect(res.code).to.equal(0);
    expect(res.stdout).to.equal('PASS: 1/1\n');
  });

  it('prints compile errors as one-line diagnostics and exits 1', async () => {
    const res = await runCli(['test', 'bad'], dir);
    expect(res.code).to.equal(1);
    expect(res.stdout).to.equal('');
    expect(res.stderr).to.match(/^bad\/x\.rego:3:\d+: rego_\w+: .*\n$/);
  });

  it('fails when there is no test to run', async () => {
    const res = await runCli(['test', 'none'], dir);
    expect(res.code).to.equal(1);
    expect(res.stderr).to.contain('no test_ rules found');
  });
});
