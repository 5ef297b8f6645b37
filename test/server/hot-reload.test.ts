// Pins hot reload: a changed bundle or configuration is swapped in while requests keep flowing, none of them fails,
// and a broken file is refused with a logged error while the previous bundle and configuration keep serving.
import { expect } from 'chai';
import { renameSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { eventually, fixtureBundle, podReview, send, sleep, startTestServer, type TestServer } from './harness.js';

const FROZEN = '[freeze] changes are frozen (bundle B)';

describe('hot reload', function () {
  this.timeout(90_000);
  const servers: TestServer[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('swaps bundles under concurrent requests without failing a single one', async () => {
    const s = await startTestServer();
    servers.push(s);
    const [bundleA, bundleB] = await Promise.all([fixtureBundle('basic'), fixtureBundle('freeze')]);
    const agent = new Agent({ keepAlive: true, maxSockets: 4, ca: s.ca });
    const seen = { A: 0, B: 0 };
    const failures: string[] = [];
    let last: 'A' | 'B' = 'A';
    let stop = false;
    const loop = async () => {
      while (!stop) {
        try {
          const reply = await send(s, 'validate', podReview(), agent);
          const r = reply.json?.response;
          if (reply.status !== 200) failures.push(`HTTP ${reply.status}: ${reply.text}`);
          else if (r.allowed === true) (seen.A++, (last = 'A'));
          else if (r.status?.message === FROZEN) (seen.B++, (last = 'B'));
          else failures.push(`unexpected answer ${reply.text}`);
        } catch (err) {
          failures.push(`request failed: ${(err as Error).message}`);
        }
      }
    };
    const loops = [loop(), loop(), loop(), loop()];
    try {
      await sleep(200);
      // An atomic replacement, as a ConfigMap or a deploy tool does it...
      writeFileSync(`${s.bundleFile}.new`, bundleB);
      renameSync(`${s.bundleFile}.new`, s.bundleFile);
      await eventually('bundle B served', () => last === 'B' && seen.B > 20, 20_000);
      // ...and a plain rewrite in place, which a reader can catch half-written (refused, then retried).
      writeFileSync(s.bundleFile, bundleA);
      await eventually('bundle A served again', () => last === 'A' && seen.A > 40, 20_000);
    } finally {
      stop = true;
      await Promise.all(loops);
      agent.destroy();
    }
    expect(failures).to.deep.equal([]);
    expect(s.running.state.reloads).to.be.at.least(2);
  });

  it('refuses a corrupt bundle, logs why, and keeps serving the previous one', async () => {
    const logLines: Array<Record<string, unknown>> = [];
    const s = await startTestServer({ logLines });
    servers.push(s);
    writeFileSync(s.bundleFile, 'not a bundle at all');
    await eventually('reload rejected', () => s.running.state.rejected > 0);
    const r = (await send(s, 'validate', podReview({ privileged: true }))).json.response;
    expect(r.status.message).to.equal('[privileged] privileged containers are not allowed');
    const line = logLines.find((l) => l.msg === 'reload rejected; still serving the previous bundle and configuration');
    expect(line, 'logged rejection').to.not.equal(undefined);
    expect(line!.level).to.equal(50);
  });

  it('applies a changed configuration without a restart', async () => {
    const s = await startTestServer({ config: 'policies:\n  privileged:\n    mode: enforce\n' });
    servers.push(s);
    expect((await send(s, 'validate', podReview({ privileged: true }))).json.response.allowed).to.equal(false);
    writeFileSync(s.configFile!, 'policies:\n  privileged:\n    mode: warn\n');
    await eventually('warn mode applied', async () => (await send(s, 'validate', podReview({ privileged: true }))).json.response.allowed === true);
  });

  it('refuses an invalid configuration with a located error and keeps the previous one', async () => {
    const logLines: Array<Record<string, unknown>> = [];
    const s = await startTestServer({ config: 'policies:\n  privileged:\n    mode: enforce\n', logLines });
    servers.push(s);
    writeFileSync(s.configFile!, 'policies:\n  privileged:\n    mode: enforced\n');
    await eventually('reload rejected', () => s.running.state.rejected > 0);
    expect((await send(s, 'validate', podReview({ privileged: true }))).json.response.allowed).to.equal(false);
    const line = logLines.find((l) => l.msg === 'reload rejected; still serving the previous bundle and configuration') as { err: { message: string } };
    expect(line.err.message).to.match(/verdict\.yaml:3:11: policies\.privileged\.mode: must be one of enforce, warn, dryrun, off \(got "enforced"\)/);
  });
});
