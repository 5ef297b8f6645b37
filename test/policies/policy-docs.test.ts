// Pins docs/policies.md to the policies: the checked-in table is exactly what the generator makes of them.
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generatePolicyDocs, readPolicyDocs } from '../../src/rego/policy-docs.js';
import { POLICIES, PROJECT_ROOT } from './root.js';

describe('docs/policies.md', () => {
  it('is what the generator makes of policies/ (run node dist/src/rego/policy-docs.js to update it)', async () => {
    const checkedIn = await readFile(path.join(PROJECT_ROOT, 'docs', 'policies.md'), 'utf8');
    expect(checkedIn).to.equal(await generatePolicyDocs(POLICIES));
  });

  it('lists every policy once, with its default mode and controls', async () => {
    const docs = await readPolicyDocs(POLICIES);
    const checkedIn = await readFile(path.join(PROJECT_ROOT, 'docs', 'policies.md'), 'utf8');
    expect(docs.policies.length).to.be.greaterThan(30);
    for (const p of docs.policies) {
      const rows = checkedIn.split('\n').filter((line) => line.startsWith(`| \`${p.id}\` |`));
      expect(rows, p.id).to.have.length(1);
      expect(rows[0], p.id).to.contain(`| ${p.mode} |`);
      for (const c of p.controls) expect(rows[0], `${p.id} ${c}`).to.contain(c);
    }
  });
});
