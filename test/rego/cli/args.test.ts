// Pins the shared flag parser: flag kinds, aliases, `--x=v`, `--`, and one-line errors for mistakes.
import { expect } from 'chai';
import { formatFlags, parseArgs } from '../../../src/cli/args.js';
import { UserError } from '../../../src/shared/user-error.js';

const spec = {
  output: { kind: 'string', short: 'o', value: 'FILE', help: 'where to write' },
  entrypoint: { kind: 'list', short: 'e', help: 'a rule' },
  verbose: { kind: 'boolean', short: 'v' },
  port: { kind: 'number' },
  'v0-compatible': { kind: 'boolean' },
} as const;

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('cli flag parser', () => {
  it('gives defaults for flags not given: false, [] and undefined', () => {
    const { flags, positionals, help } = parseArgs([], spec);
    expect(flags).to.deep.equal({ output: undefined, entrypoint: [], verbose: false, port: undefined, 'v0-compatible': false });
    expect(positionals).to.deep.equal([]);
    expect(help).to.equal(false);
  });

  it('reads long and short names, values after a space or an equals sign, and interleaved positionals', () => {
    const { flags, positionals } = parseArgs(['a.rego', '-o', 'b.tar.gz', 'dir', '--port=8443', '-v', '--v0-compatible'], spec);
    expect(flags.output).to.equal('b.tar.gz');
    expect(flags.port).to.equal(8443);
    expect(flags.verbose).to.equal(true);
    expect(flags['v0-compatible']).to.equal(true);
    expect(positionals).to.deep.equal(['a.rego', 'dir']);
  });

  it('collects a repeatable flag in order', () => {
    expect(parseArgs(['-e', 'a/b', '--entrypoint', 'c', '-e=d'], spec).flags.entrypoint).to.deep.equal(['a/b', 'c', 'd']);
  });

  it('treats everything after -- and a lone - as positionals', () => {
    expect(parseArgs(['-', '--', '-o', 'x'], spec).positionals).to.deep.equal(['-', '-o', 'x']);
  });

  it('accepts a value that starts with a dash when it is not a known flag', () => {
    expect(parseArgs(['--port', '-5'], spec).flags.port).to.equal(-5);
  });

  it('recognises -h and --help whatever the spec', () => {
    expect(parseArgs(['--help'], spec).help).to.equal(true);
    expect(parseArgs(['-h'], {}).help).to.equal(true);
  });

  it('rejects an unknown flag with a UserError naming the command and the flag', () => {
    const err = errorOf(() => parseArgs(['--nope'], spec, 'verdict build'));
    expect(err).to.be.instanceOf(UserError);
    expect(err.message).to.equal('verdict build: unknown flag --nope');
  });

  it('rejects a missing value, including when the next word is another flag', () => {
    expect(errorOf(() => parseArgs(['-o'], spec)).message).to.match(/flag -o needs a value/);
    expect(errorOf(() => parseArgs(['-o', '-v'], spec)).message).to.match(/flag -o needs a value/);
  });

  it('rejects a number flag whose value is not a number, and a value given to a boolean', () => {
    expect(errorOf(() => parseArgs(['--port', 'http'], spec)).message).to.match(/needs a number/);
    expect(errorOf(() => parseArgs(['--verbose=yes'], spec)).message).to.match(/takes no value/);
    expect(parseArgs(['--verbose=false'], spec).flags.verbose).to.equal(false);
  });

  it('formats one help line per flag with aliases and value placeholders', () => {
    const lines = formatFlags(spec).split('\n');
    expect(lines).to.have.length(5);
    expect(lines[0]).to.match(/^ {2}-o, --output FILE +where to write$/);
    expect(lines[1]).to.match(/--entrypoint VALUE +a rule \(repeatable\)$/);
  });
});
