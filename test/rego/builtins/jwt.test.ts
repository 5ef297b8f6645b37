// io.jwt.* on the host: decoding, signing and verification with secrets, PEM keys and JWKs.
import { expect } from 'chai';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { evaluate, evaluateAll } from './evaluate.js';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const SECRET_JWK = { kty: 'oct', k: Buffer.from('secret').toString('base64url') };

function hs256(header: unknown, payload: unknown, secret: string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('host builtins: io.jwt', () => {
  it('decodes header, payload and signature, following nested tokens', async () => {
    const inner = `${b64({ alg: 'HS256' })}.${b64({ sub: 'x' })}.AQID`;
    const outer = `${b64({ alg: 'HS256', cty: 'JWT' })}.${Buffer.from(JSON.stringify(inner)).toString('base64url')}.BAU`;
    const r = await evaluateAll({ plain: 'io.jwt.decode(input.inner)', nested: 'io.jwt.decode(input.outer)', bad: 'io.jwt.decode("a.b")' }, { inner, outer });
    expect(r).to.deep.equal({ plain: [{ alg: 'HS256' }, { sub: 'x' }, '010203'], nested: [{ alg: 'HS256' }, { sub: 'x' }, '010203'], bad: undefined });
  });

  it('verifies with a secret, checking iss, aud, exp and nbf against the given time', async () => {
    const t = hs256({ alg: 'HS256', typ: 'JWT' }, { aud: ['you'], exp: 1600000000, iss: 'me', nbf: 1000000000 }, 'secret');
    const r = await evaluateAll({
      ok: 'io.jwt.decode_verify(input.t, {"secret": "secret", "iss": "me", "aud": "you", "time": 1500000000000000000})',
      wrongIss: 'io.jwt.decode_verify(input.t, {"secret": "secret", "iss": "other", "aud": "you", "time": 1500000000000000000})',
      noAud: 'io.jwt.decode_verify(input.t, {"secret": "secret", "time": 1500000000000000000})',
      expired: 'io.jwt.decode_verify(input.t, {"secret": "secret", "aud": "you", "time": 2000000000000000000})',
      early: 'io.jwt.decode_verify(input.t, {"secret": "secret", "aud": "you", "time": 900000000000000000})',
      wrongSecret: 'io.jwt.verify_hs256(input.t, "nope")',
      rightSecret: 'io.jwt.verify_hs256(input.t, "secret")',
      unknownConstraint: 'io.jwt.decode_verify(input.t, {"secret": "secret", "colour": "red"})',
    }, { t });
    expect(r.ok).to.deep.equal([true, { alg: 'HS256', typ: 'JWT' }, { aud: ['you'], exp: 1600000000, iss: 'me', nbf: 1000000000 }]);
    expect(r.wrongIss).to.deep.equal([false, {}, {}]);
    expect(r.noAud).to.deep.equal([false, {}, {}]);
    expect(r.expired).to.deep.equal([false, {}, {}]);
    expect(r.early).to.deep.equal([false, {}, {}]);
    expect(r.wrongSecret).to.equal(false);
    expect(r.rightSecret).to.equal(true);
    expect(r.unknownConstraint).to.equal(undefined);
  });

  it('verifies RSA, ECDSA and EdDSA signatures with PEM keys and JWK sets', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ed = generateKeyPairSync('ed25519');
    const input = {
      rsaJwk: rsa.privateKey.export({ format: 'jwk' }),
      rsaPem: rsa.publicKey.export({ format: 'pem', type: 'spki' }),
      ecJwk: ec.privateKey.export({ format: 'jwk' }),
      ecSet: JSON.stringify({ keys: [{ ...ec.publicKey.export({ format: 'jwk' }), kid: 'k1' }, { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'k2' }] }),
      edJwk: ed.privateKey.export({ format: 'jwk' }),
      edPem: ed.publicKey.export({ format: 'pem', type: 'spki' }),
    };
    const r = await evaluateAll(
      {
        rs: 'io.jwt.verify_rs256(io.jwt.encode_sign({"alg": "RS256"}, {"a": 1}, input.rsaJwk), input.rsaPem)',
        ps: 'io.jwt.verify_ps384(io.jwt.encode_sign({"alg": "PS384"}, {"a": 1}, input.rsaJwk), input.rsaPem)',
        rsWrongAlg: 'io.jwt.verify_es256(io.jwt.encode_sign({"alg": "RS256"}, {"a": 1}, input.rsaJwk), input.ecSet)',
        es: 'io.jwt.decode_verify(io.jwt.encode_sign({"alg": "ES256", "kid": "k1"}, {"a": 1}, input.ecJwk), {"cert": input.ecSet})[0]',
        esWrongKid: 'io.jwt.decode_verify(io.jwt.encode_sign({"alg": "ES256", "kid": "k2"}, {"a": 1}, input.ecJwk), {"cert": input.ecSet})[0]',
        ed: 'io.jwt.decode_verify(io.jwt.encode_sign({"alg": "EdDSA"}, {"a": 1}, input.edJwk), {"cert": input.edPem, "alg": "EdDSA"})[0]',
        algMismatch: 'io.jwt.decode_verify(io.jwt.encode_sign({"alg": "EdDSA"}, {"a": 1}, input.edJwk), {"cert": input.edPem, "alg": "RS256"})[0]',
      },
      input,
    );
    expect(r).to.deep.equal({ rs: true, ps: true, rsWrongAlg: false, es: true, esWrongKid: false, ed: true, algMismatch: false });
  });

  it('encodes raw header and payload texts as written, and objects with sorted keys', async () => {
    const r = await evaluateAll(
      {
        raw: 'io.jwt.encode_sign_raw(`{"typ":"text/plain", "alg":"HS256"}`, "", json.marshal(input.key))',
        sorted: 'split(io.jwt.encode_sign({"typ": "JWT", "alg": "HS256"}, {"b": 1, "a": "<"}, input.key), ".")',
      },
      { key: SECRET_JWK },
    );
    const [h, p] = r.sorted as string[];
    expect(Buffer.from(h, 'base64url').toString()).to.equal('{"alg":"HS256","typ":"JWT"}');
    expect(Buffer.from(p, 'base64url').toString()).to.equal('{"a":"\\u003c","b":1}');
    expect((r.raw as string).split('.')[1]).to.equal('');
    expect(await evaluate('io.jwt.verify_hs256(input.t, "secret")', { t: r.raw })).to.equal(true);
  });
});
