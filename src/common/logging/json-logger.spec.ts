import { JsonLogger, sanitizeFields } from './json-logger';

function capture(level: 'error' | 'warn' | 'info' | 'debug' = 'debug') {
  const lines: string[] = [];
  const logger = new JsonLogger(level, undefined, (line) => lines.push(line));
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, any>);
  return { logger, lines, records };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with time, level, context, msg, fields', () => {
    const { logger, lines, records } = capture();
    logger.log(
      { msg: 'resource deployed', resourceName: 'arrival-reception.bpmn', deployedVersion: 1 },
      'Deployment',
    );
    logger.warn('plain message', 'Ctx');
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    const [first, second] = records();
    expect(Object.keys(first)).toEqual(['time', 'level', 'context', 'msg', 'fields']);
    expect(first).toMatchObject({
      level: 'info',
      context: 'Deployment',
      msg: 'resource deployed',
      fields: { resourceName: 'arrival-reception.bpmn', deployedVersion: 1 },
    });
    expect(new Date(first.time).toISOString()).toBe(first.time);
    expect(second).toMatchObject({ level: 'warn', context: 'Ctx', msg: 'plain message' });
    expect(second.fields).toBeUndefined();
  });

  it('never emits personal data or secrets in fields', () => {
    const { logger, lines, records } = capture();
    logger.log(
      {
        msg: 'job completed',
        jobKey: '2251799813685249',
        processInstanceKey: '2251799813685240',
        firstName: 'Amina',
        lastName: 'Haddad',
        name: 'Amina Haddad',
        birthDate: '1990-01-01',
        address: 'Hauptstraße 1',
        email: 'a@example.org',
        phone: '+49 30 123',
        variables: { nationality: 'SY' },
        password: 'hunter2',
        token: 'eyJ...',
        nested: { person: { surname: 'Haddad', id: 'p-1' }, vorname: 'Amina' },
      },
      'Worker',
    );
    const text = lines.join('\n');
    for (const secret of [
      'Amina',
      'Haddad',
      '1990-01-01',
      'Hauptstraße',
      'a@example.org',
      '+49 30',
      'SY',
      'hunter2',
      'eyJ',
    ]) {
      expect(text).not.toContain(secret);
    }
    const { fields } = records()[0];
    expect(fields.jobKey).toBe('2251799813685249');
    expect(fields.processInstanceKey).toBe('2251799813685240');
    expect(fields.firstName).toBe('[redacted]');
    expect(fields.nested.person.id).toBe('p-1');
  });

  it('logs errors by type and code only, not their message', () => {
    const { logger, records } = capture();
    const error = Object.assign(new TypeError('Amina Haddad not found'), { code: 'E_PERSON' });
    logger.error({ msg: 'lookup failed', error }, 'Cases');
    logger.error(error, 'Cases');
    const [a, b] = records();
    expect(JSON.stringify([a, b])).not.toContain('Amina');
    expect(a.fields.error).toEqual({ type: 'TypeError', code: 'E_PERSON' });
    expect(b.msg).toBe('TypeError');
  });

  it('hides stack traces unless debug', () => {
    const info = capture('info');
    info.logger.error('failed', 'at secret (file.ts:1)', 'Ctx');
    expect(info.records()[0].fields).toBeUndefined();
    expect(info.records()[0].context).toBe('Ctx');
  });

  it('at debug keeps only the frames of a stack trace, never its message line', () => {
    const debug = capture('debug');
    debug.logger.error(
      'failed',
      'Error: Person Amina Haddad (geb. 01.01.1990) nicht gefunden\n    at find (cases.ts:10:5)\n    at run (main.ts:2:1)',
      'Ctx',
    );
    const [record] = debug.records();
    expect(record.fields.stack).toBe('    at find (cases.ts:10:5)\n    at run (main.ts:2:1)');
    expect(JSON.stringify(record)).not.toContain('Amina');
  });

  it("names the cause of Nest's start-up failures (no personal data there), nothing else's", () => {
    const { logger, records } = capture('info');
    logger.error(
      new Error("Nest can't resolve dependencies of the X (?).\nPotential solutions: …"),
      'ExceptionHandler',
    );
    logger.error(new Error('Person Amina Haddad not found'), 'CasesService');
    const [startup, other] = records();
    expect(startup.fields.cause).toBe("Nest can't resolve dependencies of the X (?).");
    expect(JSON.stringify(other)).not.toContain('Amina');
  });

  it('respects the level', () => {
    const { logger, lines } = capture('warn');
    logger.log('x');
    logger.debug('x');
    logger.verbose('x');
    logger.warn('y');
    logger.error('z');
    expect(lines).toHaveLength(2);
  });

  it('keeps a network endpoint in "address" but not a postal one', () => {
    expect(sanitizeFields({ address: '127.0.0.1:26500' }).address).toBe('127.0.0.1:26500');
    expect(sanitizeFields({ address: 'Hauptstraße 1, Berlin' }).address).toBe('[redacted]');
  });

  it('sanitizes bigint, dates, long strings', () => {
    const out = sanitizeFields({ key: 1n, at: new Date(0), reason: 'x'.repeat(500) });
    expect(out.key).toBe('1');
    expect(out.at).toBe('1970-01-01T00:00:00.000Z');
    expect((out.reason as string).length).toBeLessThanOrEqual(201);
  });
});
