// Pins how build entrypoints are found in METADATA and how a wrong -e is reported.
import { expect } from 'chai';
import { annotatedEntrypoints, checkEntrypoints, parseModules } from '../../../src/rego/bundle/entrypoints.js';
import { RegoCompileError } from '../../../src/rego/source.js';

const modules = parseModules([
  {
    path: 'a.rego',
    text: `package app.authz

# METADATA
# entrypoint: true
allow if input.ok

deny contains "x" if input.bad

# METADATA
# entrypoint: true
limits.cpu[name] := 1 if some name in input.names

f(x) := x
`,
  },
  {
    path: 'b.rego',
    text: `# METADATA
# entrypoint: true
package lib.util

p := 1
`,
  },
]);

function errorOf(entrypoints: string[]): RegoCompileError | undefined {
  try {
    checkEntrypoints(modules, entrypoints);
  } catch (err) {
    if (err instanceof RegoCompileError) return err;
    throw err;
  }
  return undefined;
}

describe('build entrypoints', () => {
  it('takes annotated rules (up to the first variable of a ref head) and annotated packages, in source order', () => {
    expect(annotatedEntrypoints(modules)).to.deep.equal(['app/authz/allow', 'app/authz/limits/cpu', 'lib/util']);
  });

  it('accepts rules, packages, package prefixes, ref-head prefixes and paths into a rule value', () => {
    expect(errorOf(['app/authz/allow', 'app/authz', 'app', 'app/authz/limits', 'app/authz/limits/cpu/web', '/lib/util/p/'])).to.equal(undefined);
  });

  it('locates a missing rule at the closest package declaration', () => {
    const err = errorOf(['app/authz/allow', 'app/authz/alow']);
    expect(err?.message).to.equal('a.rego:1:1: rego_compile_error: entrypoint app/authz/alow: no rule alow in package app.authz');
  });

  it('names a path outside every package without a location', () => {
    expect(errorOf(['nope/x'])?.message).to.equal('rego_compile_error: entrypoint nope/x: does not refer to a rule or package');
  });

  it('refuses a function as an entrypoint, at the function', () => {
    expect(errorOf(['app/authz/f'])?.message).to.match(/^a\.rego:13:1: rego_compile_error: entrypoint app\/authz\/f: app\.authz\.f is a function/);
  });

  it('reports the syntax errors of every file at once', () => {
    let err: unknown;
    try {
      parseModules([
        { path: 'x.rego', text: 'package x\n\np if {\n' },
        { path: 'y.rego', text: 'package y\n\nq if }\n' },
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(RegoCompileError);
    const files = (err as RegoCompileError).diagnostics.map((d) => d.span?.file);
    expect(files).to.include('x.rego').and.to.include('y.rego');
  });
});
