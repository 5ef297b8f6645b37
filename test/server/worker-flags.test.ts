import { expect } from 'chai';
import { WORKER_SEMI_SPACE_MB, workerExecArgv } from '../../src/server/worker-flags.js';

describe('cluster worker flags', () => {
  it('adds the young-generation cap to the primary flags', () => {
    expect(workerExecArgv(['--enable-source-maps'], '')).to.deep.equal(['--enable-source-maps', `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`]);
  });

  it('keeps a cap the operator gave on the command line, in either spelling', () => {
    expect(workerExecArgv(['--max-semi-space-size=32'], '')).to.deep.equal(['--max-semi-space-size=32']);
    expect(workerExecArgv(['--max_semi_space_size=2'], '')).to.deep.equal(['--max_semi_space_size=2']);
  });

  it('keeps a cap the operator gave in NODE_OPTIONS (workers inherit it)', () => {
    expect(workerExecArgv([], '--max-old-space-size=512 --max-semi-space-size=16')).to.deep.equal([]);
  });

  it('does not change the array it was given', () => {
    const argv = ['--inspect'];
    workerExecArgv(argv, '');
    expect(argv).to.deep.equal(['--inspect']);
  });
});
