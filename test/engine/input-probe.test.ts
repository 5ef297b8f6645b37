// Pins the load-time probe: a policy module that answers input it cannot parse (as runtimes built before opa_eval
// refused such input did) is refused, and a module built now passes it.
import { expect } from 'chai';
import { readEngineBundle } from '../../src/engine/index.js';
import { Evaluator } from '../../src/engine/evaluator.js';
import { checkRefusesUnparseableInput } from '../../src/engine/input-probe.js';
import { ENDPOINT_ENTRYPOINTS } from '../../src/engine/main-module.js';
import { UserError } from '../../src/shared/user-error.js';
import { fixtureBundle } from '../server/harness.js';

describe('engine: unparseable-input probe', function () {
  this.timeout(60_000);

  it('passes a module built by this version, whose runtime aborts on input nested past its parser', async () => {
    const bundle = await readEngineBundle(await fixtureBundle('basic'));
    const evaluator = await Evaluator.create(bundle.wasm, bundle.data);
    await checkRefusesUnparseableInput(evaluator, ENDPOINT_ENTRYPOINTS.validate);
    // The probe's error leaves the instance as it was: the next evaluation is an ordinary one.
    expect(evaluator.replacements).to.equal(0);
  });

  it('refuses a module that answers instead, telling the user to build the bundle again', async () => {
    // Stands in for a module with the earlier runtime: it evaluates whatever it is given, parsed or not.
    let probed: ArrayBuffer | undefined;
    const answering = { evaluate: async (_entrypoint: string, input: ArrayBuffer) => ((probed = input), {}) };
    const err = await checkRefusesUnparseableInput(answering, ENDPOINT_ENTRYPOINTS.validate).then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(UserError);
    expect((err as Error).message).to.match(/earlier version of `verdict build`.*build it again/);
    // What the probe sent is valid JSON, nested one level past the runtime's limit of 2048.
    const text = new TextDecoder().decode(probed);
    expect(text.startsWith(`{"probe":${'['.repeat(2049)}]`)).to.equal(true);
    expect(JSON.parse(text)).to.be.an('object');
  });
});
