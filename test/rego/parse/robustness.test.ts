// Bad input never escapes as anything but a RegoCompileError, and parsing always terminates.
import { expect } from 'chai';
import { parseModule, parseQuery, parseTerm } from '../../../src/rego/1-parse/index.js';
import { RegoCompileError } from '../../../src/rego/source.js';

const SAMPLE = `package k8s.admission
import rego.v1

# METADATA
# title: images
deny contains msg if {
  some c in input.request.object.spec.containers
  not startswith(c.image, "registry.example.com/")
  msg := sprintf("image %v", [c.image])
}

ports := {p | p := input.spec.ports[_].port; p > 1024}
f(x) := y if { y := {k: v | some k, v in x} } else := {}
default allow := false
allow if every c in input.cs { c.ok } with input.cs as [{"ok": true}]
q := \`raw\` + "\\u00e9"
`;

/** A small deterministic generator, so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function outcome(run: () => unknown): 'ok' | 'error' {
  try {
    run();
    return 'ok';
  } catch (err) {
    if (err instanceof RegoCompileError) {
      expect(err.diagnostics.length).to.be.greaterThan(0);
      for (const d of err.diagnostics) expect(d.code).to.equal('rego_parse_error');
      return 'error';
    }
    throw err;
  }
}

describe('parser robustness', () => {
  it('parses the sample itself', () => {
    expect(outcome(() => parseModule({ path: 's.rego', text: SAMPLE }))).to.equal('ok');
  });

  it('fails every truncation of a module with a RegoCompileError or parses it', () => {
    let errors = 0;
    for (let n = 0; n < SAMPLE.length; n += 3) {
      if (outcome(() => parseModule({ path: 's.rego', text: SAMPLE.slice(0, n) })) === 'error') errors++;
    }
    expect(errors).to.be.greaterThan(10);
  });

  it('survives random edits of a module', () => {
    const next = rng(42);
    const alphabet = '{}[]()|&:=;,."`#\n \tabx01-+!@';
    for (let i = 0; i < 400; i++) {
      let text = SAMPLE;
      for (let k = 0; k < 3; k++) {
        const at = Math.floor(next() * text.length);
        const ch = alphabet[Math.floor(next() * alphabet.length)];
        text = next() < 0.5 ? text.slice(0, at) + ch + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      }
      outcome(() => parseModule({ path: 's.rego', text }, { regoVersion: next() < 0.5 ? 0 : 1 }));
    }
  });

  it('reports deep nesting as a parse error instead of overflowing the stack', () => {
    for (const text of ['['.repeat(50_000), '-'.repeat(50_000) + '1', '{"a": '.repeat(20_000)]) {
      const err = (() => {
        try {
          parseModule({ path: 'd.rego', text: `package a\np := ${text}` });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(err).to.be.instanceOf(RegoCompileError);
      expect(err?.message).to.contain('max parsing recursion depth exceeded');
    }
  });

  it('fails bad queries and terms with RegoCompileError', () => {
    expect(outcome(() => parseQuery('x := ['))).to.equal('error');
    expect(outcome(() => parseQuery('data.p = x with'))).to.equal('error');
    expect(outcome(() => parseTerm('{"a": 1} extra'))).to.equal('error');
    expect(outcome(() => parseTerm(''))).to.equal('error');
  });

  it('reports several broken rules in one run', () => {
    const text = 'package a\np if { x := }\nq := 1\nr := [\ns := 2\nt if { ) }\n';
    const err = (() => {
      try {
        parseModule({ path: 'r.rego', text });
      } catch (e) {
        return e as RegoCompileError;
      }
    })();
    expect(err?.diagnostics.map((d) => d.span?.line)).to.deep.equal([2, 5, 6]);
  });
});
