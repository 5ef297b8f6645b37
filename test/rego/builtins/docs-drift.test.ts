// docs/builtins.md is generated from the builtin table; this pins that the checked-in copy is current.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderBuiltinsDoc } from '../../../src/rego/builtins/docs.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

describe('docs/builtins.md', () => {
  it('matches the builtin table (run `npm run docs` after changing a builtin)', () => {
    expect(readFileSync(`${root}docs/builtins.md`, 'utf8')).to.equal(renderBuiltinsDoc());
  });
});
