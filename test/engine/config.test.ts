// Pins verdict.yaml loading: defaults, the full schema, every problem reported with file:line:col, and the
// deployment's own ConfigMap and the documented examples staying valid.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, defaultConfig, parseConfig } from '../../src/config/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function problems(text: string): string[] {
  try {
    parseConfig(text, 'v.yaml');
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  return expect.fail('accepted');
}

describe('verdict.yaml', () => {
  it('reads an empty file as no settings at all: the policies\' own defaults apply, no exemptions', () => {
    expect(parseConfig('', 'v.yaml')).to.deep.equal(defaultConfig());
    expect(defaultConfig()).to.deep.equal({ defaults: {}, policies: {}, exemptions: { namespaces: [], users: [], groups: [] } });
  });

  it('reads every section', () => {
    const config = parseConfig(
      [
        'defaults: {mode: warn, failure: open}',
        'policies:',
        '  privileged: {mode: enforce, failure: closed, parameters: {allow: [a]}, exemptions: {namespaces: [gpu]}}',
        'exemptions:',
        '  namespaces: [kube-system]',
        '  users: [admin]',
        '  labelSelector: {matchLabels: {a: b}}',
        'audit: {sink: file, file: /var/log/verdict/audit.log, retentionDays: 30}',
      ].join('\n'),
    );
    expect(config).to.deep.equal({
      defaults: { mode: 'warn', failure: 'open' },
      policies: {
        privileged: { mode: 'enforce', failure: 'closed', parameters: { allow: ['a'] }, exemptions: { namespaces: ['gpu'], users: [], groups: [] } },
      },
      exemptions: { namespaces: ['kube-system'], users: ['admin'], groups: [], labelSelector: { matchLabels: { a: 'b' } } },
      audit: { sink: 'file', file: '/var/log/verdict/audit.log', retentionDays: 30 },
    });
  });

  it('reports every schema problem at once, each at its line and column', () => {
    expect(problems(['defaults:', '  mode: strict', 'polices: {}', 'exemptions:', '  users: admin', 'audit: {sink: file}'].join('\n'))).to.deep.equal([
      'v.yaml:2:9: defaults.mode: must be one of enforce, warn, dryrun, off (got "strict")',
      'v.yaml:3:1: polices: unknown field (known: defaults, policies, exemptions, audit)',
      'v.yaml:5:10: exemptions.users: must be a list, not the string "admin"',
    ]);
  });

  it('reports what the shape cannot say: an empty selector, operators and their values, a file sink without a file', () => {
    expect(problems('exemptions:\n  labelSelector: {}\n')).to.deep.equal([
      'v.yaml:2:18: exemptions.labelSelector: is empty, which would exempt every object; give matchLabels or matchExpressions',
    ]);
    expect(problems('exemptions:\n  labelSelector:\n    matchExpressions:\n      - {key: a, operator: In}\n')[0]).to.equal(
      'v.yaml:4:9: exemptions.labelSelector.matchExpressions[0]: operator In needs a non-empty values list',
    );
    expect(problems('audit: {sink: file}\n')).to.deep.equal(['v.yaml:1:8: audit: sink "file" needs the field "file"']);
  });

  it('reports YAML syntax errors and duplicate keys with their position', () => {
    expect(problems('defaults: {mode: warn\n')[0]).to.match(/^v\.yaml:\d+:\d+: /);
    expect(problems('defaults: {}\ndefaults: {}\n')[0]).to.match(/^v\.yaml:2:1: Map keys must be unique/);
  });

  it('accepts the ConfigMap shipped in webhook-config/', () => {
    const text = readFileSync(join(ROOT, 'webhook-config/verdict.yaml'), 'utf8');
    expect(() => parseConfig(text, 'webhook-config/verdict.yaml')).to.not.throw();
  });

  it('accepts every complete example in docs/configuration.md', () => {
    const doc = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
    const examples = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(examples.length).to.be.greaterThan(2);
    for (const example of examples) expect(() => parseConfig(example, 'docs/configuration.md'), example).to.not.throw();
  });
});
