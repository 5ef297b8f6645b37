// semver.is_valid and semver.compare follow SemVer 2.0.0 strictly.
import { expect } from 'chai';
import { evaluateAll } from './evaluate.js';

describe('host builtins: semver', () => {
  it('rejects leading zeros and empty sections, accepts what SemVer allows', async () => {
    const r = await evaluateAll({
      valid: '[v | v := ["0.0.0", "1.2.3-0", "1.2.3-0a", "1.2.3+01", "1.2.3-alpha.1+build.5"][_]; semver.is_valid(v)]',
      invalid: '[v | v := ["01.2.3", "1.02.3", "1.2.03", "1.2.3-01", "1.2.3-alpha.01", "1.2.3-", "1.2.3+", "1.2", 3][_]; semver.is_valid(v)]',
    });
    expect(r.valid).to.have.length(5);
    expect(r.invalid).to.deep.equal([]);
  });

  it('orders by precedence and ignores build metadata', async () => {
    const r = await evaluateAll({
      lt: 'semver.compare("1.0.0", "2.0.0")',
      pre: 'semver.compare("1.0.0-alpha", "1.0.0")',
      numericPre: 'semver.compare("1.0.0-alpha.2", "1.0.0-alpha.10")',
      mixedPre: 'semver.compare("1.0.0-1", "1.0.0-alpha")',
      longerPre: 'semver.compare("1.0.0-alpha.1", "1.0.0-alpha")',
      build: 'semver.compare("1.2.3+01", "1.2.3+2")',
    });
    expect(r).to.deep.equal({ lt: -1, pre: -1, numericPre: -1, mixedPre: -1, longerPre: 1, build: 0 });
  });

  it('is undefined for an invalid operand', async () => {
    const r = await evaluateAll({ bad: 'semver.compare("1.02.3", "1.2.3")' });
    expect(r.bad).to.equal(undefined);
  });
});
