/**
 * Source files, spans and compile diagnostics shared by every phase of the Rego toolchain.
 * A phase reports problems as `Diagnostic`s carrying a span, rendered in OPA's one-line shape:
 * `file:line:col: code: message`.
 */

export interface SourceFile {
  /** Path as the user named it (relative paths stay relative: they appear in error messages). */
  path: string;
  text: string;
}

/** A location in a source file. `line` and `col` are 1-based; `start`/`end` are UTF-16 offsets into the text. */
export interface Span {
  file: string;
  line: number;
  col: number;
  start: number;
  end: number;
}

/** OPA's error codes, so that tools which parse `opa` output understand ours too. */
export type DiagnosticCode =
  | 'rego_parse_error'
  | 'rego_compile_error'
  | 'rego_unsafe_var_error'
  | 'rego_recursion_error'
  | 'rego_type_error'
  | 'rego_undefined_error'
  | 'rego_unsupported_error';

export interface Diagnostic {
  code: DiagnosticCode;
  message: string;
  span?: Span;
}

export function renderDiagnostic(d: Diagnostic): string {
  const where = d.span ? `${d.span.file}:${d.span.line}:${d.span.col}: ` : '';
  return `${where}${d.code}: ${d.message}`;
}

/** Thrown by a phase when it found one or more problems; `message` holds one line per problem. */
export class RegoCompileError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(renderDiagnostic).join('\n'));
    this.name = 'RegoCompileError';
    this.diagnostics = diagnostics;
  }
}

/** Collects diagnostics so a phase can report every problem in one run instead of stopping at the first. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  add(code: DiagnosticCode, message: string, span?: Span): void {
    this.items.push({ code, message, span });
  }
  get hasErrors(): boolean {
    return this.items.length > 0;
  }
  /** Throws a RegoCompileError if anything was reported. */
  throwIfAny(): void {
    if (this.items.length > 0) throw new RegoCompileError(this.items);
  }
}

/** Computes 1-based line and column for an offset; built once per file. */
export class LineMap {
  private readonly lineStarts: number[] = [0];
  constructor(private readonly file: string, text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }
  span(start: number, end: number): Span {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= start) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, col: start - this.lineStarts[lo] + 1, start, end };
  }
}
