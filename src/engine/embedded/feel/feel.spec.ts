import {
  applyMappings,
  evaluateCondition,
  evaluateCorrelationKey,
  evaluateExpression,
  evaluateFeel,
  evaluateNumber,
  evaluateString,
  FeelEvaluationError,
  feelSyntaxError,
  toJsonValue,
} from './feel';
import { feelinCacheAvailable } from './feelin.loader';

const opts = { now: new Date('2026-01-02T10:00:00.000Z') };
const feel = (source: string, vars: Record<string, unknown> = {}) => evaluateFeel(source, vars, opts);

describe('evaluateFeel', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ['a + 1', { a: 1 }, 2],
    ['a.b.c', { a: { b: { c: 'x' } } }, 'x'],
    ['count(items[item > 1])', { items: [1, 2, 3] }, 2],
    ['for x in items return x * 2', { items: [1, 2] }, [2, 4]],
    ['{sum: a + b, list: [a, b]}', { a: 1, b: 2 }, { sum: 3, list: [1, 2] }],
    ['x', {}, null], // missing variable → null, as in Zeebe
    ['"a" + 1', {}, null],
    ['10 / 4', {}, 2.5],
    ['string length("Bescheid")', {}, 8],
    ['upper case(name)', { name: 'duldung' }, 'DULDUNG'],
    // Camunda extras
    ['is defined(x)', {}, false],
    ['is defined(x)', { x: null }, false],
    ['is defined(x)', { x: 0 }, true],
    ['is defined(a.b)', { a: {} }, false],
    ['get or else(x, "default")', {}, 'default'],
    ['get or else(x, "default")', { x: 'set' }, 'set'],
    ['get or else(value: x, default: 1)', {}, 1],
    // escaped names
    ['`first name`', { 'first name': 'Jo' }, 'Jo'],
    ['"a `b`"', {}, 'a `b`'],
  ])('%s with %j → %j', (source, vars, expected) => {
    expect(feel(source, vars)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, unknown]>([
    ['now()', {}, '2026-01-02T10:00:00Z'],
    ['today()', {}, '2026-01-02'],
    ['now() + duration("P1D")', {}, '2026-01-03T10:00:00Z'],
    ['today() + duration("P1M")', {}, '2026-02-02'],
    ['date("2026-01-31") + duration("P1M")', {}, '2026-02-28'],
    ['date("2026-03-01") - date("2026-01-01")', {}, 'P59D'],
    ['date and time("2026-03-01T00:00:00Z") - date and time("2026-03-01T06:30:00Z")', {}, '-PT6H30M'],
    ['date(d) > today()', { d: '2026-05-01' }, true],
    ['date and time("2026-01-31T10:00:00+01:00") + duration("PT1H")', {}, '2026-01-31T11:00:00+01:00'],
    ['date and time("2026-07-01T10:00:00@Europe/Berlin")', {}, '2026-07-01T10:00:00+02:00'],
    ['date and time("2026-07-01T10:00:00")', {}, '2026-07-01T10:00:00'],
    ['time("10:15:00")', {}, '10:15:00'],
    ['duration("PT36H")', {}, 'P1DT12H'],
    ['duration("P14M")', {}, 'P1Y2M'],
    ['duration("P1D") > duration("PT23H")', {}, true],
    ['{due: today() + duration("P14D")}', {}, { due: '2026-01-16' }],
  ])('temporal %s → %j', (source, vars, expected) => {
    expect(feel(source, vars)).toEqual(expected);
  });

  it('uses the given clock for now()', () => {
    expect(evaluateFeel('now()', {}, { now: new Date('2030-05-05T00:00:00Z') })).toBe('2030-05-05T00:00:00Z');
  });

  it('throws FeelEvaluationError on syntax errors, with Zeebe-like messages', () => {
    expect(() => feel('a +')).toThrow(FeelEvaluationError);
    expect(() => feel('a +')).toThrow(/^failed to evaluate expression 'a \+': /);
    expect(feelSyntaxError('a +')).toMatch(/failed to evaluate expression/);
    expect(feelSyntaxError('a + 1')).toBeNull();
  });

  it('fails on assert()', () => {
    expect(() => feel('assert(x, x > 0, "x must be positive")', { x: -1 })).toThrow(/x must be positive/);
    expect(feel('assert(x, x > 0)', { x: 2 })).toBe(2);
  });
});

describe('caching', () => {
  it('uses feelin with a reusable execution tree', () => {
    expect(feelinCacheAvailable).toBe(true);
  });

  it('gives correct results across different variable sets for one cached expression', () => {
    const source = 'if is defined(a) then a.b * 2 else get or else(c, -1)';
    expect(feel(source, { a: { b: 2 } })).toBe(4);
    expect(feel(source, { c: 7 })).toBe(7);
    expect(feel(source, {})).toBe(-1);
    expect(feel(source, { a: { b: 10 }, c: 1 })).toBe(20);
  });

  it('does not leak warnings between evaluations', () => {
    expect(() => evaluateCondition('x > 1', {}, opts)).toThrow(/\[NO_VARIABLE_FOUND\]/);
    expect(evaluateCondition('x > 1', { x: 2 }, opts)).toBe(true);
    try {
      evaluateCondition('x > 1', { y: 1 }, opts);
    } catch (err) {
      expect((err as Error).message.match(/NO_VARIABLE_FOUND/g)).toHaveLength(1);
    }
  });

  // Figures in plain Node 20 (tsx, this 2-core machine): 'x > 1' 5.6 µs cached vs 235 µs uncached;
  // '{a: x, b: x + 1}' 4.8 vs 750 µs; 'amount > 1000 and customer.age >= 18 and count(items) > 0'
  // 17 vs ~1,000 µs. Under jest (sandbox, transformed ESM deps) both are ~3-10x slower.
  it('micro-benchmark (prints figures; no timing assertion)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { evaluate } = require('feelin') as {
      evaluate: (e: string, c: Record<string, unknown>) => unknown;
    };
    const source = 'amount > 1000 and customer.age >= 18 and count(items) > 0';
    const vars = (i: number) => ({ amount: i, customer: { age: 30 }, items: [1] });
    const time = (fn: (i: number) => unknown, n: number) => {
      for (let i = 0; i < 200; i++) fn(i);
      const t = process.hrtime.bigint();
      for (let i = 0; i < n; i++) fn(i);
      return Number(process.hrtime.bigint() - t) / n / 1000;
    };
    const cached = time((i) => evaluateCondition(source, vars(i), opts), 20_000);
    const uncached = time((i) => evaluate(source, vars(i)), 2_000);
    // eslint-disable-next-line no-console
    console.log(
      `FEEL: cached ${cached.toFixed(1)} µs/eval, feelin.evaluate (uncached) ${uncached.toFixed(1)} µs/eval`,
    );
    expect(cached).toBeGreaterThan(0);
  });
});

describe('evaluateCondition and typed helpers', () => {
  it('returns booleans', () => {
    expect(evaluateCondition('x > 1', { x: 2 }, opts)).toBe(true);
    expect(evaluateCondition('x > 1', { x: 1 }, opts)).toBe(false);
  });

  it("raises Zeebe's message for non-boolean results", () => {
    expect(() => evaluateCondition('x', { x: 'yes' }, opts)).toThrow(
      "Expected result of the expression 'x' to be 'BOOLEAN', but was 'STRING'.",
    );
    expect(() => evaluateCondition('x > 1', {}, opts)).toThrow(
      /^Expected result of the expression 'x > 1' to be 'BOOLEAN', but was 'NULL'\. The evaluation reported the following warnings:\n\[NO_VARIABLE_FOUND\]/,
    );
  });

  it('evaluates Expression values', () => {
    expect(evaluateExpression({ kind: 'static', value: '3' }, {}, opts)).toBe('3');
    expect(evaluateExpression({ kind: 'feel', source: 'n + 1' }, { n: 2 }, opts)).toBe(3);
    expect(evaluateString({ kind: 'feel', source: '"job-" + t' }, { t: 'a' }, opts)).toBe('job-a');
    expect(() => evaluateString({ kind: 'feel', source: 't' }, {}, opts)).toThrow(
      /to be 'STRING', but was 'NULL'/,
    );
    expect(evaluateNumber({ kind: 'static', value: '3' }, {}, opts)).toBe(3);
    expect(evaluateNumber({ kind: 'feel', source: 'r' }, { r: 5 }, opts)).toBe(5);
    expect(evaluateCorrelationKey({ kind: 'feel', source: 'id' }, { id: 42 }, opts)).toBe('42');
    expect(() => evaluateCorrelationKey({ kind: 'feel', source: 'id' }, {}, opts)).toThrow(
      /to be one of '\[STRING, NUMBER\]', but was 'NULL'/,
    );
  });
});

describe('applyMappings', () => {
  const f = (source: string) => ({ kind: 'feel' as const, source });
  it('maps static and FEEL sources', () => {
    expect(
      applyMappings(
        [
          { source: { kind: 'static', value: '25' }, target: 'port' },
          { source: f('customer.name'), target: 'name' },
          { source: f('missing'), target: 'm' },
        ],
        { customer: { name: 'A' } },
        opts,
      ),
    ).toEqual({ port: '25', name: 'A', m: null });
  });

  it('merges nested targets into the existing context', () => {
    expect(
      applyMappings(
        [
          { source: f('1'), target: 'a.b.c' },
          { source: f('2'), target: 'a.d' },
          { source: f('a.d + 1'), target: 'e' },
        ],
        { a: { keep: true, b: { old: 1 } } },
        opts,
      ),
    ).toEqual({ a: { keep: true, b: { old: 1, c: 1 }, d: 2 }, e: 3 });
  });

  it('does not mutate the source variables', () => {
    const sources = { a: { x: 1 } };
    applyMappings([{ source: f('2'), target: 'a.y' }], sources, opts);
    expect(sources).toEqual({ a: { x: 1 } });
  });
});

describe('toJsonValue', () => {
  it('passes JSON through and drops functions', () => {
    expect(toJsonValue({ a: [1, 'x', true, null, undefined], f: () => 1 })).toEqual({
      a: [1, 'x', true, null, null],
      f: null,
    });
    expect(toJsonValue(Number.NaN)).toBeNull();
  });
});
