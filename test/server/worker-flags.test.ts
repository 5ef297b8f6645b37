import { expect } from 'chai';
import { WORKER_SEMI_SPACE_MB, workerExecArgv } from '../../src/server/worker-flags.js';

const SEMI_SPACE = `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`;
const SINGLE_THREADED_GC = '--single-threaded-gc';

describe('cluster worker flags', () => {
  it('adds the young-generation cap and single-threaded collection to the primary flags', () => {
    expect(workerExecArgv(['--enable-source-maps'], '')).to.deep.equal(['--enable-source-maps', SEMI_SPACE, SINGLE_THREADED_GC]);
  });

  it('keeps a cap the operator gave on the command line, in either spelling', () => {
    expect(workerExecArgv(['--max-semi-space-size=32'], '')).to.deep.equal(['--max-semi-space-size=32', SINGLE_THREADED_GC]);
    expect(workerExecArgv(['--max_semi_space_size=2'], '')).to.deep.equal(['--max_semi_space_size=2', SINGLE_THREADED_GC]);
  });

  it('keeps a cap the operator gave in NODE_OPTIONS (workers inherit it)', () => {
    expect(workerExecArgv([], '--max-old-space-size=512 --max-semi-space-size=16')).to.deep.equal([SINGLE_THREADED_GC]);
  });

  it('leaves collector threading alone when the operator chose it, either way', () => {
    expect(workerExecArgv(['--no-single-threaded-gc'], '')).to.deep.equal(['--no-single-threaded-gc', SEMI_SPACE]);
    expect(workerExecArgv(['--single_threaded'], '')).to.deep.equal(['--single_threaded', SEMI_SPACE]);
    expect(workerExecArgv([], '--parallel-scavenge')).to.deep.equal([SEMI_SPACE]);
  });

  it('does not change the array it was given', () => {
    const argv = ['--inspect'];
    workerExecArgv(argv, '');
    expect(argv).to.deep.equal(['--inspect']);
  });
});
