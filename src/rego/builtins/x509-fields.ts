/** Reading X.509 structures for the x509 builtins: DER and PEM input, names, extensions and Go's enumerations. */
import forge from 'node-forge';
import { formatIP } from './net.js';

export type Asn1 = forge.asn1.Asn1;
export const { asn1 } = forge;

/** DER values from OPA's accepted inputs: PEM text (blocks of `label`), or base64 of PEM or of (concatenated) DER. */
export function derValues(input: string, label: string): Buffer[] {
  if (input.startsWith('-----BEGIN')) return pemBlocks(input, label);
  const bytes = Buffer.from(input, 'base64');
  if (bytes.subarray(0, 10).toString('latin1') === '-----BEGIN') return pemBlocks(bytes.toString('latin1'), label);
  return splitDer(bytes);
}

function pemBlocks(text: string, label: string): Buffer[] {
  const re = new RegExp(`-----BEGIN ((?:NEW )?${label})-----([\\s\\S]*?)-----END \\1-----`, 'g');
  return [...text.matchAll(re)].map((m) => Buffer.from(m[2].replace(/\s+/g, ''), 'base64'));
}

/** Splits concatenated DER values by their outer length headers. */
function splitDer(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes[at] !== 0x30 || at + 2 > bytes.length) throw new Error('x509: malformed certificate');
    let len = bytes[at + 1];
    let header = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + bytes[at + 2 + i];
      header += n;
    }
    if (at + header + len > bytes.length) throw new Error('x509: malformed certificate');
    out.push(bytes.subarray(at, at + header + len));
    at += header + len;
  }
  if (out.length === 0) throw new Error('x509: malformed certificate');
  return out;
}

export const oidInts = (oid: string) => oid.split('.').map(Number);
export const b64 = (binary: string) => Buffer.from(binary, 'binary').toString('base64');

/** The text of an ASN.1 string value (UTF8String, BMPString, or a single-byte string type). */
function asn1Text(node: Asn1): string {
  const raw = node.value as string;
  if (node.type === asn1.Type.UTF8) return Buffer.from(raw, 'binary').toString('utf8');
  if (node.type === asn1.Type.BMPSTRING) return Buffer.from(raw, 'binary').swap16().toString('utf16le');
  return raw;
}

const NAME_FIELDS: Record<string, string> = {
  '2.5.4.6': 'Country',
  '2.5.4.10': 'Organization',
  '2.5.4.11': 'OrganizationalUnit',
  '2.5.4.7': 'Locality',
  '2.5.4.8': 'Province',
  '2.5.4.9': 'StreetAddress',
  '2.5.4.17': 'PostalCode',
};

/** A Name as Go's pkix.Name: the well-known attributes, and every attribute in order under Names. */
export function pkixName(rdns: Asn1): Record<string, unknown> {
  const name: Record<string, unknown> = { Country: null, Organization: null, OrganizationalUnit: null, Locality: null, Province: null, StreetAddress: null, PostalCode: null, SerialNumber: '', CommonName: '' };
  const names: Array<{ Type: number[]; Value: string }> = [];
  for (const set of rdns.value as Asn1[]) {
    for (const atv of set.value as Asn1[]) {
      const [oidNode, valueNode] = atv.value as Asn1[];
      const oid = asn1.derToOid(oidNode.value as string);
      const value = asn1Text(valueNode);
      names.push({ Type: oidInts(oid), Value: value });
      if (oid === '2.5.4.3') name.CommonName = value;
      else if (oid === '2.5.4.5') name.SerialNumber = value;
      else if (NAME_FIELDS[oid]) ((name[NAME_FIELDS[oid]] ??= []) as string[]).push(value);
    }
  }
  return { ...name, Names: names, ExtraNames: null };
}

export const SIGNATURE_ALGORITHMS: Record<string, number> = {
  '1.2.840.113549.1.1.4': 2,
  '1.2.840.113549.1.1.5': 3,
  '1.2.840.113549.1.1.11': 4,
  '1.2.840.113549.1.1.12': 5,
  '1.2.840.113549.1.1.13': 6,
  '1.2.840.10040.4.3': 7,
  '2.16.840.1.101.3.4.3.2': 8,
  '1.2.840.10045.4.1': 9,
  '1.2.840.10045.4.3.2': 10,
  '1.2.840.10045.4.3.3': 11,
  '1.2.840.10045.4.3.4': 12,
  '1.2.840.113549.1.1.10': 13,
  '1.3.101.112': 16,
};
export const PUBLIC_KEY_ALGORITHMS: Record<string, number> = { rsa: 1, dsa: 2, ec: 3, ed25519: 4 };
const EXT_KEY_USAGES: Record<string, number> = {
  '2.5.29.37.0': 0,
  '1.3.6.1.5.5.7.3.1': 1,
  '1.3.6.1.5.5.7.3.2': 2,
  '1.3.6.1.5.5.7.3.3': 3,
  '1.3.6.1.5.5.7.3.4': 4,
  '1.3.6.1.5.5.7.3.5': 5,
  '1.3.6.1.5.5.7.3.6': 6,
  '1.3.6.1.5.5.7.3.7': 7,
  '1.3.6.1.5.5.7.3.8': 8,
  '1.3.6.1.5.5.7.3.9': 9,
};

/** Go's KeyUsage bits from the extension's BIT STRING (bit 0 is the most significant bit of the first byte). */
function keyUsageBits(bitString: string): number {
  const bytes = Buffer.from(bitString, 'binary').subarray(1);
  let bits = 0;
  for (let i = 0; i < Math.min(bytes.length * 8, 9); i++) if (bytes[i >> 3] & (0x80 >> (i & 7))) bits |= 1 << i;
  return bits;
}

/** Go's view of the extensions it decodes, plus every extension raw under Extensions. */
export function extensions(list: Asn1[]): Record<string, unknown> {
  const out: Record<string, unknown> = {
    KeyUsage: 0, ExtKeyUsage: null, UnknownExtKeyUsage: null, BasicConstraintsValid: false, IsCA: false, MaxPathLen: 0, MaxPathLenZero: false,
    SubjectKeyId: null, AuthorityKeyId: null, Extensions: [], DNSNames: null, EmailAddresses: null, IPAddresses: null, URIs: null, URIStrings: null,
  };
  for (const ext of list) {
    const parts = ext.value as Asn1[];
    const id = asn1.derToOid(parts[0].value as string);
    const critical = parts.length === 3 && (parts[1].value as string) !== '\x00';
    const raw = parts[parts.length - 1].value as string;
    (out.Extensions as unknown[]).push({ Id: oidInts(id), Critical: critical, Value: b64(raw) });
    const inner = asn1.fromDer(raw);
    if (id === '2.5.29.15') out.KeyUsage = keyUsageBits(inner.value as string);
    else if (id === '2.5.29.14') out.SubjectKeyId = b64(inner.value as string);
    else if (id === '2.5.29.35') {
      const keyId = (inner.value as Asn1[]).find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
      if (keyId) out.AuthorityKeyId = b64(keyId.value as string);
    } else if (id === '2.5.29.19') {
      const fields = inner.value as Asn1[];
      out.BasicConstraintsValid = true;
      out.IsCA = fields[0]?.type === asn1.Type.BOOLEAN && (fields[0].value as string) !== '\x00';
      // Go reports -1 for "no limit" when the extension is present without a path length.
      const pathLen = fields.find((n) => n.type === asn1.Type.INTEGER);
      out.MaxPathLen = pathLen ? asn1.derToInteger(pathLen.value as string) : -1;
      out.MaxPathLenZero = out.MaxPathLen === 0;
    } else if (id === '2.5.29.17') Object.assign(out, subjectAltNames(inner));
    else if (id === '2.5.29.37') {
      for (const o of (inner.value as Asn1[]).map((n) => asn1.derToOid(n.value as string))) {
        if (o in EXT_KEY_USAGES) ((out.ExtKeyUsage ??= []) as number[]).push(EXT_KEY_USAGES[o]);
        else ((out.UnknownExtKeyUsage ??= []) as number[][]).push(oidInts(o));
      }
    }
  }
  return out;
}

/** The extensions of a TBSCertificate: the list inside its [3] field. */
export function certificateExtensions(tbs: Asn1[]): Asn1[] {
  const wrapper = tbs.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
  return ((wrapper?.value as Asn1[] | undefined)?.[0]?.value as Asn1[] | undefined) ?? [];
}

/** Go's url.URL as JSON, for the URIs of a certificate. */
function goUrl(uri: string): Record<string, unknown> {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(uri);
  const [scheme, host, path, query, fragment] = m ? [m[1], m[2] ?? '', m[3], m[4] ?? '', m[5] ?? ''] : ['', '', uri, '', ''];
  return { Scheme: scheme, Opaque: '', User: null, Host: host, Path: path, RawPath: '', OmitHost: false, ForceQuery: false, RawQuery: query, Fragment: fragment, RawFragment: '' };
}

/** The DNS names, e-mail addresses, IP addresses and URIs of a SubjectAltName extension (GeneralNames). */
function subjectAltNames(names: Asn1): Record<string, unknown> {
  const out: Record<string, string[] | null> = { DNSNames: null, EmailAddresses: null, IPAddresses: null, URIStrings: null };
  const add = (key: string, v: string) => (out[key] ??= []).push(v);
  for (const n of names.value as Asn1[]) {
    const v = n.value as string;
    if (n.type === 1) add('EmailAddresses', v);
    else if (n.type === 2) add('DNSNames', v);
    else if (n.type === 6) add('URIStrings', v);
    else if (n.type === 7 && (v.length === 4 || v.length === 16)) {
      const bits = BigInt('0x' + Buffer.from(v, 'binary').toString('hex'));
      add('IPAddresses', formatIP(bits, v.length === 4 ? 32 : 128));
    }
  }
  return { ...out, URIs: out.URIStrings?.map(goUrl) ?? null };
}

export const goTime = (text: string) => new Date(text).toISOString().replace('.000Z', 'Z');

