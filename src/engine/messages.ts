// Turning policy output into text the apiserver passes on: messages of any JSON shape, warnings the apiserver will
// not drop (no control characters, under 256 characters, no duplicates, within its 4096-character budget).

/** The apiserver truncates longer warnings to 256 runes; ours stay below so they arrive whole. */
export const MAX_WARNING_CHARS = 255;
/** The apiserver's total warning budget per response, in runes. */
export const WARNING_BUDGET_CHARS = 4096;

/** A deny/warn element as text: strings as they are, `{msg: ...}` objects by their msg, anything else as JSON. */
export function messageText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { msg?: unknown }).msg === 'string') return (v as { msg: string }).msg;
  return JSON.stringify(v);
}

/** Control characters (newlines included) make the apiserver drop a warning silently; they become spaces. */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

export function truncateChars(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : chars.slice(0, max - 1).join('') + '…';
}

/** Deduplicates, cleans and truncates warnings, and stops before the apiserver's budget would drop any silently. */
export function finishWarnings(raw: readonly string[]): string[] {
  const cleaned = raw.map((w) => truncateChars(oneLine(w), MAX_WARNING_CHARS)).filter((w) => w !== '');
  const distinct = [...new Set(cleaned)];
  const out: string[] = [];
  let used = 0;
  for (const [i, text] of distinct.entries()) {
    const len = Array.from(text).length;
    // Room is kept for the closing note, so that nothing is dropped without a word.
    if (used + len > WARNING_BUDGET_CHARS - 64) {
      out.push(`verdict: ${distinct.length - i} more warnings not shown`);
      break;
    }
    used += len;
    out.push(text);
  }
  return out;
}
