/**
 * Access to feelin's interpreter with a reusable execution tree.
 *
 * feelin's public `evaluate(expression, context)` parses the expression and builds its execution tree
 * (closures) on every call, ~150-200 µs. The tree itself is reusable: it only captures an
 * `InterpreterContext` that collects warnings. feelin does not export `Interpreter` /
 * `InterpreterContext`, so we load feelin's single-file ESM build as source, turn its three named
 * imports into `require` calls and its final `export { … }` into a `return` that also hands out those
 * two classes. If feelin's build ever changes shape, loading falls back to the public `evaluate` (no
 * cache; `feelinCacheAvailable` reports it and a spec fails loudly).
 */
import * as fs from 'fs';

export interface FeelinWarning {
  type: string;
  message: string;
}

export interface FeelinSyntaxError extends Error {
  input?: string;
  position?: { from: number; to: number };
}

/** A compiled expression: run it with a context, read the warnings it produced. */
export interface CompiledFeel {
  run(context: Record<string, unknown>): { value: unknown; warnings: FeelinWarning[] };
}

/** The public feelin API we use (types kept minimal on purpose). */
export interface FeelinApi {
  evaluate(
    expression: string,
    context?: Record<string, unknown>,
  ): { value: unknown; warnings: FeelinWarning[] };
  date(s: string): unknown;
  dateAndTime(s: string): unknown;
  duration(s: string): unknown;
  FeelDate: new (...args: never[]) => { iso: string };
  FeelTime: new (...args: never[]) => { iso: string; zone: string | null };
  FeelDateTime: new (...args: never[]) => {
    iso: string;
    zone: string | null;
    value: { toString(): string };
  };
  FeelDuration: new (...args: never[]) => { iso: string; yearsMonths: boolean };
  FeelFunction: new (fn: (...args: never[]) => unknown, parameterNames: string[]) => object;
  isFunction(v: unknown): boolean;
  isRange(v: unknown): boolean;
}

interface FeelinInternals extends FeelinApi {
  Interpreter?: new () => {
    evaluate(
      expression: string,
      parseContext: Record<string, unknown>,
      dialect: string | undefined,
      interpreterContext: unknown,
    ): { root: (context: Record<string, unknown>) => unknown };
  };
  InterpreterContext?: new () => { warnings: FeelinWarning[] };
}

function loadFromSource(): FeelinInternals | null {
  try {
    const file = require.resolve('feelin');
    const source = fs.readFileSync(file, 'utf8');
    let imports = 0;
    let body = source.replace(/^import \{([^}]*)\} from '([^']+)';$/gm, (_m, names: string, mod: string) => {
      imports++;
      return `const {${names.replace(/\s+as\s+/g, ': ')}} = __require(${JSON.stringify(mod)});`;
    });
    let exported = false;
    body = body.replace(/^export \{([^}]*)\};$/m, (_m, names: string) => {
      exported = true;
      const entries = names
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
        .map((n) => {
          const [local, alias] = n.split(/\s+as\s+/);
          return alias ? `${alias}: ${local}` : local;
        });
      return `return { ${entries.join(', ')}, Interpreter: typeof Interpreter === 'function' ? Interpreter : undefined, InterpreterContext: typeof InterpreterContext === 'function' ? InterpreterContext : undefined };`;
    });
    if (!exported || imports === 0 || /^\s*(import|export)\s/m.test(body)) return null;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const factory = new Function('__require', `'use strict';\n${body}`) as (
      r: NodeJS.Require,
    ) => FeelinInternals;
    const api = factory(require);
    if (typeof api.Interpreter !== 'function' || typeof api.InterpreterContext !== 'function') return null;
    const probe = new api.InterpreterContext();
    if (!Array.isArray(probe.warnings)) return null;
    return api;
  } catch {
    return null;
  }
}

const internals: FeelinInternals = loadFromSource() ?? (require('feelin') as FeelinInternals);

export const feelin: FeelinApi = internals;

/** true when compiled expressions reuse their execution tree (the fast path). */
export const feelinCacheAvailable = typeof internals.Interpreter === 'function';

/**
 * Parses `expression` once (with `parseContext` telling the parser which names with spaces exist) and
 * returns a runner. Throws feelin's SyntaxError for invalid expressions.
 */
export function compileFeelin(expression: string, parseContext: Record<string, unknown>): CompiledFeel {
  const { Interpreter, InterpreterContext } = internals;
  if (!Interpreter || !InterpreterContext) {
    // fallback: parse on every run, but still surface syntax errors now
    internals.evaluate(expression, parseContext);
    return { run: (context) => internals.evaluate(expression, context) };
  }
  const interpreterContext = new InterpreterContext();
  const { root } = new Interpreter().evaluate(expression, parseContext, undefined, interpreterContext);
  return {
    run(context) {
      // evaluation is synchronous and never re-enters the same compiled expression, so one warnings
      // collector per compiled expression is safe
      interpreterContext.warnings = [];
      const value = root(context);
      const warnings = interpreterContext.warnings;
      interpreterContext.warnings = [];
      return { value, warnings };
    },
  };
}
