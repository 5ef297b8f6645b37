// Keeps Secret and ConfigMap data out of audit records: collects the values to hide and scrubs them from text.
//
// The writer never sees objects, but a policy message can quote a value it read (`sprintf("%v", [x])`). The engine,
// which does see the object, passes `sensitiveValuesOf(...)` along with the decision; the writer scrubs them.

/** Values shorter than this are not scrubbed: they cannot be told apart from ordinary words ("true", "80"). */
export const MIN_SCRUBBED_LENGTH = 4;
export const REDACTED = '[redacted]';

/** Core-group kinds whose `data` must never be written. */
export function isDataBearingKind(kind: { group: string; kind: string }): boolean {
  return kind.group === '' && (kind.kind === 'Secret' || kind.kind === 'ConfigMap');
}

/**
 * The strings to hide for a review of `kind`: every value of `data`, `stringData` and `binaryData` of the given
 * objects (pass both object and oldObject), plus the decoded text of base64 values. Empty for other kinds.
 */
export function sensitiveValuesOf(kind: { group: string; kind: string }, ...objects: unknown[]): string[] {
  if (!isDataBearingKind(kind)) return [];
  const out = new Set<string>();
  for (const obj of objects) {
    if (!obj || typeof obj !== 'object') continue;
    const o = obj as Record<string, unknown>;
    const base64Fields = kind.kind === 'Secret' ? ['data'] : ['binaryData'];
    const plainFields = kind.kind === 'Secret' ? ['stringData'] : ['data'];
    for (const field of plainFields) for (const v of stringValues(o[field])) out.add(v);
    for (const field of base64Fields) {
      for (const v of stringValues(o[field])) {
        out.add(v);
        out.add(Buffer.from(v, 'base64').toString('utf8'));
      }
    }
  }
  return [...out].filter((v) => v.length >= MIN_SCRUBBED_LENGTH);
}

function stringValues(map: unknown): string[] {
  if (!map || typeof map !== 'object' || Array.isArray(map)) return [];
  return Object.values(map as Record<string, unknown>).filter((v): v is string => typeof v === 'string');
}

/** Replaces every occurrence of each value (longest first, so a value containing another goes whole). */
export function scrub(text: string, values: readonly string[]): string {
  const ordered = values.filter((v) => v.length >= MIN_SCRUBBED_LENGTH).sort((a, b) => b.length - a.length);
  let out = text;
  for (const v of ordered) if (out.includes(v)) out = out.split(v).join(REDACTED);
  return out;
}
