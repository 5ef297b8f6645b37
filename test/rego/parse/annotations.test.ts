// METADATA comment blocks: YAML parsing, scope defaults, attachment to the next package or rule, errors.
import { expect } from 'chai';
import { parseModule } from '../../../src/rego/1-parse/index.js';
import { RegoCompileError } from '../../../src/rego/source.js';

function parse(text: string) {
  return parseModule({ path: 'm.rego', text });
}

function errors(text: string): string[] {
  try {
    parse(text);
  } catch (err) {
    if (err instanceof RegoCompileError) return err.message.split('\n');
    throw err;
  }
  return [];
}

describe('METADATA annotations', () => {
  it('attaches a block to the rule below it, lifting known keys and keeping the whole object in raw', () => {
    const m = parse(
      [
        'package a',
        '',
        '# METADATA',
        '# title: Deny privileged',
        '# description: >-',
        '#   Containers must not',
        '#   run privileged.',
        '# custom:',
        '#   severity: high',
        '#   tags: [pod, security]',
        '# related_resources: ["https://example.com"]',
        'deny contains "x" if input.privileged',
      ].join('\n'),
    );
    const a = m.rules[0].annotations;
    expect(a).to.not.equal(undefined);
    expect(a).to.deep.include({
      scope: 'rule',
      title: 'Deny privileged',
      description: 'Containers must not run privileged.',
      custom: { severity: 'high', tags: ['pod', 'security'] },
    });
    expect(a?.raw).to.have.property('related_resources').that.deep.equals(['https://example.com']);
    expect(a?.span).to.include({ line: 3, col: 1 });
    expect(m.annotations).to.have.length(1);
    expect(m.annotations[0]).to.equal(a);
  });

  it('gives a block above the package the package scope, on no rule', () => {
    const m = parse('# METADATA\n# title: Pod rules\npackage k8s.pods\n\np := 1\n');
    expect(m.annotations).to.have.length(1);
    expect(m.annotations[0]).to.deep.include({ scope: 'package', title: 'Pod rules' });
    expect(m.rules[0].annotations).to.equal(undefined);
  });

  it('defaults the scope of an entrypoint above a rule to document', () => {
    const m = parse('package a\n# METADATA\n# entrypoint: true\nallow := true\n');
    expect(m.rules[0].annotations).to.deep.include({ scope: 'document', entrypoint: true });
  });

  it('records explicit document and subpackages scopes and attaches them the same way', () => {
    const m = parse('# METADATA\n# scope: subpackages\npackage a\n# METADATA\n# scope: document\n# title: P\np := 1\n');
    expect(m.annotations.map((a) => a.scope)).to.deep.equal(['subpackages', 'document']);
    expect(m.rules[0].annotations?.title).to.equal('P');
  });

  it('lists every block in the module, in source order, each on its own rule', () => {
    const m = parse('package a\n# METADATA\n# title: one\np := 1\n\n# METADATA\n# title: two\nq := 2\nr := 3\n');
    expect(m.annotations.map((a) => a.title)).to.deep.equal(['one', 'two']);
    expect(m.rules.map((r) => r.annotations?.title)).to.deep.equal(['one', 'two', undefined]);
  });

  it('ends a block at a blank line, and reads only comment lines starting at column 1', () => {
    const m = parse('package a\n# METADATA\n# title: t\n\n# not: yaml ]\np := 1\n');
    expect(m.annotations[0].raw).to.deep.equal({ title: 't' });
    const indented = parse('package a\n# METADATA\n# title: t\n  # description: d\np := 1\n');
    expect(indented.annotations[0].raw).to.deep.equal({ title: 't' });
  });

  it('accepts #METADATA without a space and ignores ordinary comments', () => {
    const m = parse('package a\n# just a comment\n#METADATA\n#title: close\np := 1\n');
    expect(m.rules[0].annotations?.title).to.equal('close');
  });

  it('reports invalid YAML as a parse error on the failing comment line', () => {
    expect(errors('package a\n# METADATA\n# title: t\n# custom: [unclosed\np := 1\n')).to.have.length(1);
    const [msg] = errors('package a\n# METADATA\n# title: t\n# title: twice\np := 1\n');
    expect(msg).to.match(/^m\.rego:4:1: rego_parse_error: yaml: line 2: /);
  });

  it('reports an empty block', () => {
    expect(errors('package a\n# METADATA\n#\np := 1\n')).to.deep.equal([
      'm.rego:2:1: rego_parse_error: expected METADATA block, found whitespace',
    ]);
  });

  it('reports a scope that does not fit the statement below, as OPA does', () => {
    expect(errors('# METADATA\n# scope: rule\npackage a\n')).to.deep.equal([
      "m.rego:1:1: rego_parse_error: annotation scope 'rule' must be applied to rule (have package)",
    ]);
    expect(errors('package a\n# METADATA\n# scope: team\np := 1\n')).to.deep.equal([
      "m.rego:2:1: rego_parse_error: invalid annotation scope 'team'. Use one of 'rule', 'document', 'package', or 'subpackages'",
    ]);
    expect(errors('package a\n# METADATA\n# entrypoint: true\n# scope: rule\np := 1\n')).to.deep.equal([
      "m.rego:2:1: rego_parse_error: annotation entrypoint applied to non-document or package scope 'rule'",
    ]);
  });

  it('does not guess an attachment when the statement below failed to parse', () => {
    expect(errors('package a\n# METADATA\n# title: t\np if { x := }\n')).to.deep.equal([
      'm.rego:4:13: rego_parse_error: unexpected } token',
    ]);
  });

  it('reports a YAML alias bomb instead of expanding it', () => {
    const lines = ['# a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [n, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e']]) {
      lines.push(`# ${n}: &${n} [${Array(9).fill('*' + prev).join(', ')}]`);
    }
    const [msg] = errors(['package a', '# METADATA', ...lines, 'p := 1'].join('\n'));
    expect(msg).to.match(/^m\.rego:2:1: rego_parse_error: yaml: /);
  });

  it('reports known keys of the wrong type', () => {
    expect(errors('package a\n# METADATA\n# custom: [1]\np := 1\n')).to.deep.equal([
      'm.rego:2:1: rego_parse_error: yaml: unmarshal errors: custom must be a mapping',
    ]);
  });
});
