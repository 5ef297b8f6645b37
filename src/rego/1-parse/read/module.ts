/**
 * A whole file: the package clause, imports and rules. A statement with a syntax error is reported and
 * skipped up to the next line that starts at column 1 with a name, so one run reports many errors.
 */
import type { Import, Module, Package, Rule } from '../ast.js';
import { ABORT, type Parser } from '../parser.js';
import { T, type Token } from '../tokens.js';
import { readAnnotations, type Statement } from './annotations.js';
import { readImport, readPackage, type ImportEffects } from './imports.js';
import { readRules } from './rules.js';

export function readModule(p: Parser, regoVersion: 0 | 1): Module {
  const effects: ImportEffects = { regoV1: false };
  let pkg: Package | undefined;
  const imports: Import[] = [];
  const rules: Rule[] = [];
  const statements: Statement[] = [];
  let first = true;
  while (!p.at(T.EOF)) {
    const from = p.tok;
    const wasFirst = first;
    first = false;
    try {
      if (p.isKeyword('package') && !p.startsRef()) {
        const read = readPackage(p);
        if (!wasFirst) p.error('unexpected package', read.span);
        else {
          pkg = read;
          statements.push({ kind: 'package', node: read });
        }
        continue;
      }
      if (wasFirst) p.error('package expected', p.tokSpan());
      if (p.isKeyword('import') && !p.startsRef()) {
        const imp = readImport(p, effects);
        imports.push(imp);
        statements.push({ kind: 'import', line: imp.span.line });
      } else if (p.at(T.Ident)) {
        for (const rule of readRules(p)) {
          rules.push(rule);
          statements.push({ kind: 'rule', node: rule });
        }
      } else p.unexpected();
    } catch (e) {
      if (e !== ABORT) throw e;
      recover(p, from);
    }
  }
  if (first) p.error('empty module', p.span(0, 0));
  const annotations = readAnnotations(p, statements);
  p.throwIfErrors();
  return {
    file: p.file,
    package: pkg!,
    imports,
    rules,
    annotations,
    regoVersion: regoVersion === 1 || effects.regoV1 ? 1 : 0,
  };
}

/** Skips to the next name at the start of a line (where a rule or import can begin), always moving on. */
function recover(p: Parser, from: Token): void {
  if (p.tok === from) p.next();
  while (!p.at(T.EOF) && !(p.at(T.Ident) && p.tok.nl && atLineStart(p, p.tok))) p.next();
}

function atLineStart(p: Parser, t: Token): boolean {
  return t.start === 0 || p.text.charCodeAt(t.start - 1) === 10;
}
