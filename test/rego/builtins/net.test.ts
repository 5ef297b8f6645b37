// CIDR builtins on the host, with Go's address syntax and output format.
import { expect } from 'chai';
import { evaluateAll } from './evaluate.js';

describe('host builtins: net', () => {
  it('checks containment of addresses and CIDRs, IPv4 and IPv6', async () => {
    const r = await evaluateAll({
      ip: 'net.cidr_contains("10.0.0.0/8", "10.1.2.3")',
      subnet: 'net.cidr_contains("2001:4860:4860::8888/32", "2001:4860:4860:1234::8888/40")',
      wider: 'net.cidr_contains("10.0.0.0/16", "10.0.0.0/8")',
      family: 'net.cidr_contains("::/0", "10.0.0.1")',
      leadingZero: 'net.cidr_contains("10.0.0.0/8", "10.01.2.3")',
    });
    expect(r).to.deep.equal({ ip: true, subnet: true, wider: false, family: false, leadingZero: undefined });
  });

  it('tells overlapping CIDRs apart from disjoint ones', async () => {
    const r = await evaluateAll({
      yes: 'net.cidr_intersects("fd1e:5bfe:8af3:9ddc::/64", "fd1e:5bfe:8af3:9ddc:1111::/72")',
      no: 'net.cidr_intersects("fd1e:5bfe:8af3:9ddc::/64", "2001:4860:4860::8888/32")',
    });
    expect(r).to.deep.equal({ yes: true, no: false });
  });

  it('expands a CIDR into its addresses, network and broadcast included', async () => {
    const r = await evaluateAll({ v4: 'net.cidr_expand("192.168.1.1/30")', v6: 'net.cidr_expand("2001:db8::/127")' });
    expect(r.v4).to.deep.equal(['192.168.1.0', '192.168.1.1', '192.168.1.2', '192.168.1.3']);
    expect(r.v6).to.deep.equal(['2001:db8::', '2001:db8::1']);
  });

  it('merges adjacent and nested blocks into the fewest CIDRs, printed in canonical form', async () => {
    const r = await evaluateAll({
      v4: 'net.cidr_merge(["192.0.128.0/24", "192.0.129.0/24", "192.0.130.1", "192.0.128.5"])',
      v6: 'net.cidr_merge({"2601:600:8a80:207e:a57d:7567:e2c9:e7b3/64", "2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128"})',
      bareV6: 'net.cidr_merge(["2601:600::1"])',
    });
    expect(r.v4).to.deep.equal(['192.0.128.0/23', '192.0.130.1/32']);
    expect(r.v6).to.deep.equal(['2601:600:8a80:207e::/64']);
    expect(r.bareV6).to.equal(undefined);
  });

  it('pairs the keys of matching CIDRs and addresses', async () => {
    const r = await evaluateAll({
      m: 'net.cidr_contains_matches({"a": "10.0.0.0/8", "b": ["192.168.0.0/16", "extra"]}, ["10.1.1.1", "192.168.3.4", "8.8.8.8"])',
    });
    expect(r.m).to.deep.equal([['a', 0], ['b', 1]]);
  });
});
