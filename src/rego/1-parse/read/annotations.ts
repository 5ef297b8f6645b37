/**
 * `# METADATA` blocks: the comment lines right after a `# METADATA` line (each at column 1) hold YAML.
 * A block applies to the next statement; its scope defaults from that statement, as in OPA.
 */
import { parseDocument } from 'yaml';
import type { Span } from '../../source.js';
import type { Annotation, Package, Rule } from '../ast.js';
import type { Comment } from '../lexer.js';
import type { Parser } from '../parser.js';

/** A statement an annotation can precede, in source order. */
export type Statement = { kind: 'package'; node: Package } | { kind: 'import'; line: number } | { kind: 'rule'; node: Rule };

interface Block {
  first: Comment;
  comments: Comment[];
}

const SCOPES = ['rule', 'document', 'package', 'subpackages'];

export function readAnnotations(p: Parser, statements: Statement[]): Annotation[] {
  // Where a statement failed to parse, the "next statement" is unknown: report YAML errors only.
  const attachable = !p.diags.hasErrors;
  const annotations: Annotation[] = [];
  for (const block of findBlocks(p)) {
    const annotation = parseBlock(p, block);
    if (annotation && attachable) attach(p, annotation, p.span(block.first.start, block.first.end), statements, annotations);
  }
  return annotations;
}

function findBlocks(p: Parser): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let prevLine = -1;
  for (const c of p.comments) {
    const { line, col } = p.span(c.start, c.end);
    const follows = line === prevLine + 1 && col === 1;
    prevLine = line;
    if (current && follows) {
      current.comments.push(c);
      continue;
    }
    current = undefined;
    if (c.text.trim().startsWith('METADATA')) {
      current = { first: c, comments: [] };
      blocks.push(current);
    }
  }
  return blocks;
}

function parseBlock(p: Parser, block: Block): Annotation | undefined {
  const where = p.span(block.first.start, block.first.end);
  const lines = block.comments.map((c) => (c.text.startsWith(' ') ? c.text.slice(1) : c.text));
  const source = lines.join('\n') + '\n';
  if (source.trim() === '') {
    p.error('expected METADATA block, found whitespace', where);
    return undefined;
  }
  const doc = parseDocument(source, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const line = source.slice(0, err.pos[0]).split('\n').length;
    const c = block.comments[Math.min(line, block.comments.length) - 1];
    p.error(`yaml: line ${line}: ${err.message.split('\n')[0]}`, p.span(c.start, c.end));
    return undefined;
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    // toJS throws for what the parse accepted but cannot be built, such as alias bombs.
    p.error(`yaml: ${(err as Error).message}`, where);
    return undefined;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    p.error('yaml: unmarshal errors: a METADATA block must be a mapping', where);
    return undefined;
  }
  const fields = raw as Record<string, unknown>;
  const last = block.comments[block.comments.length - 1];
  const annotation: Annotation = { scope: 'rule', raw: fields, span: p.span(block.first.start, last.end) };
  const problem = (key: string, want: string) => p.error(`yaml: unmarshal errors: ${key} must be ${want}`, where);
  for (const key of ['title', 'description'] as const) {
    const v = fields[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'object') problem(key, 'a string');
    else annotation[key] = String(v);
  }
  if (fields.entrypoint !== undefined && fields.entrypoint !== null) {
    if (typeof fields.entrypoint !== 'boolean') problem('entrypoint', 'a boolean');
    else annotation.entrypoint = fields.entrypoint;
  }
  const custom = fields.custom;
  if (custom !== undefined && custom !== null) {
    if (typeof custom !== 'object' || Array.isArray(custom)) problem('custom', 'a mapping');
    else annotation.custom = custom as Record<string, unknown>;
  }
  return annotation;
}

/** Attaches to the first statement on a later line, defaults and validates the scope as OPA does. */
function attach(p: Parser, a: Annotation, where: Span, statements: Statement[], out: Annotation[]): void {
  const line = a.span.line;
  const target = statements.find((s) => (s.kind === 'import' ? s.line : s.node.span.line) > line);
  const declared = a.raw.scope;
  let scope: string;
  if (declared !== undefined && declared !== null) scope = String(declared);
  else if (target?.kind === 'rule') scope = a.entrypoint ? 'document' : 'rule';
  else scope = target?.kind ?? '';
  if (!SCOPES.includes(scope)) {
    p.error(`invalid annotation scope '${scope}'. Use one of 'rule', 'document', 'package', or 'subpackages'`, where);
    return;
  }
  const want = scope === 'rule' || scope === 'document' ? 'rule' : 'package';
  if (target?.kind !== want) {
    p.error(`annotation scope '${scope}' must be applied to ${want}${target ? ` (have ${target.kind})` : ''}`, where);
    return;
  }
  if (a.entrypoint && scope !== 'document' && scope !== 'package') {
    p.error(`annotation entrypoint applied to non-document or package scope '${scope}'`, where);
    return;
  }
  a.scope = scope as Annotation['scope'];
  // Several blocks above one rule all stay in Module.annotations; the rule keeps the closest.
  if (target.kind === 'rule') target.node.annotations = a;
  out.push(a);
}
