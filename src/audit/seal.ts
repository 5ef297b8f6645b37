// Seals a record body onto the hash chain: the line the writer appends and the hash the next record links to.
//
// The record is never built as one object. Each body member is serialised on its own and the chain members are
// spliced in at their sorted places, which gives exactly canonicalJson() of the whole record (pinned by
// test/audit/seal.test.ts). A merged object of twenty keys made by spreading would fall into V8's slow dictionary
// mode, and its serialisation cost the writer several times more than the hash itself.
import { canonicalJson, lineWithHash, sha256Hex, type HashFunction } from './canonical.js';
import { AUDIT_SCHEMA_VERSION } from './record.js';

/** The members the writer adds to every body: where the record sits in the chain and who it is. */
export interface ChainPosition {
  seq: number;
  /** `hash` of the previous record: 64 lowercase hex digits. */
  prev: string;
  id: string;
  time: string;
}

export interface SealedLine {
  /** The canonical record with `"hash"` appended as its last member, and a newline. */
  line: string;
  hash: string;
}

/** Chain members in sorted order, each with how it is written. */
const CHAIN_MEMBERS: ReadonlyArray<[key: string, text: (p: ChainPosition) => string]> = [
  ['id', (p) => JSON.stringify(p.id)],
  ['prev', (p) => JSON.stringify(p.prev)],
  ['schemaVersion', () => String(AUDIT_SCHEMA_VERSION)],
  ['seq', (p) => String(p.seq)],
  ['time', (p) => JSON.stringify(p.time)],
];

const CHAIN_KEYS = new Set(CHAIN_MEMBERS.map(([key]) => key).concat('hash'));

/** The canonical form of `body` plus its chain members (what the record's hash covers). */
export function canonicalRecord(body: object, position: ChainPosition): string {
  const members = body as Record<string, unknown>;
  const keys = Object.keys(members).sort();
  let text = '{';
  let chain = 0;
  const add = (member: string) => {
    text += text.length === 1 ? member : ',' + member;
  };
  // Writes the chain members that sort before `key` (all that are left, without a key).
  const addChainBefore = (key?: string) => {
    for (; chain < CHAIN_MEMBERS.length && (key === undefined || CHAIN_MEMBERS[chain][0] < key); chain++) {
      const [name, write] = CHAIN_MEMBERS[chain];
      add(`"${name}":${write(position)}`);
    }
  };
  for (const key of keys) {
    if (CHAIN_KEYS.has(key)) throw new TypeError(`audit: a record body cannot carry the chain member ${key}`);
    const value = members[key];
    if (value === undefined) continue; // absent and undefined are the same thing in JSON
    addChainBefore(key);
    add(JSON.stringify(key) + ':' + canonicalJson(value));
  }
  addChainBefore();
  return text + '}';
}

/** The line for `body` at `position` (see lineWithHash) and the hash the next record links to. */
export function sealBody(body: object, position: ChainPosition, hash: HashFunction = sha256Hex): SealedLine {
  const canonical = canonicalRecord(body, position);
  const digest = hash(canonical);
  return { line: lineWithHash(canonical, digest), hash: digest };
}
