import {
  checkAbsence,
  checkDone,
  checkMove,
  checkNewFollowUp,
  isDue,
  needsCover,
  parseDueDate,
  type FollowUpState,
} from './follow-up.rules';

const TODAY = '2026-11-28';
const open: FollowUpState = { status: 'open', dueOn: '2026-12-01' };
const done: FollowUpState = { status: 'done', dueOn: '2026-12-01' };
const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('Wiedervorlage rules', () => {
  describe('parseDueDate', () => {
    it.each([
      ['2026-12-01', '2026-12-01'],
      ['1.12.2026', '2026-12-01'],
      [' 01.12.2026 ', '2026-12-01'],
      ['2028-02-29', '2028-02-29'],
      ['2026-02-29', null],
      ['31.11.2026', null],
      ['2026-12-1', null],
      ['morgen', null],
      ['', null],
      [undefined, null],
    ])('%p → %p', (input, expected) => {
      expect(parseDueDate(input)).toBe(expected);
    });
  });

  describe('a new follow-up', () => {
    const ok = { unit: 'LG', dueOn: '2026-12-01', reason: 'Nachweis prüfen' };
    const context = { today: TODAY, actorUnits: ['LG', 'ABH'] };

    it('accepts a unit of the actor, today or later and a reason', () => {
      expect(checkNewFollowUp(ok, context)).toEqual([]);
      expect(checkNewFollowUp({ ...ok, dueOn: TODAY }, context)).toEqual([]);
      expect(checkNewFollowUp({ ...ok, reason: 'x'.repeat(500) }, context)).toEqual([]);
    });

    it.each([
      [{ unit: 'BS' }, 'unit', 'Einheit: Sie gehören dieser Einheit nicht an.'],
      [{ unit: '' }, 'unit', 'Einheit: Pflichtangabe.'],
      [
        { dueOn: '2026-11-27' },
        'dueOn',
        'Datum: Das Datum liegt in der Vergangenheit. Bitte heute oder später wählen.',
      ],
      [{ dueOn: '30.02.2027' }, 'dueOn', 'Datum: bitte ein gültiges Datum als TT.MM.JJJJ angeben.'],
      [{ dueOn: '' }, 'dueOn', 'Datum: Pflichtangabe.'],
      [{ reason: '   ' }, 'reason', 'Grund: Pflichtangabe.'],
      [{ reason: 'x'.repeat(501) }, 'reason', 'Grund: höchstens 500 Zeichen.'],
    ])('refuses %p with a German message for %s', (override, field, message) => {
      expect(checkNewFollowUp({ ...ok, ...override }, context)).toEqual([{ field, message }]);
    });

    it('names every wrong field at once', () => {
      expect(fields(checkNewFollowUp({}, context))).toEqual(['unit', 'dueOn', 'reason']);
    });
  });

  describe('moving', () => {
    it('takes an open follow-up to another day today or later, with a comment', () => {
      expect(checkMove(open, { dueOn: '2026-12-15', comment: 'Unterlagen später' }, TODAY)).toEqual({
        errors: [],
      });
      expect(checkMove(open, { dueOn: TODAY, comment: 'vorgezogen' }, TODAY)).toEqual({ errors: [] });
    });

    it('refuses a past date, the same date and a missing comment', () => {
      expect(checkMove(open, { dueOn: '2026-11-01', comment: 'x' }, TODAY).errors).toEqual([
        {
          field: 'dueOn',
          message: 'Neues Datum: Das Datum liegt in der Vergangenheit. Bitte heute oder später wählen.',
        },
      ]);
      expect(checkMove(open, { dueOn: '01.12.2026', comment: 'x' }, TODAY).errors).toEqual([
        { field: 'dueOn', message: 'Neues Datum: Die Wiedervorlage ist bereits auf diesen Tag gelegt.' },
      ]);
      expect(checkMove(open, { dueOn: '2026-12-15', comment: ' ' }, TODAY).errors).toEqual([
        { field: 'comment', message: 'Kommentar: Pflichtangabe.' },
      ]);
      expect(fields(checkMove(open, { comment: 'x'.repeat(1001) }, TODAY).errors)).toEqual([
        'dueOn',
        'comment',
      ]);
    });

    it('never moves a done one', () => {
      expect(checkMove(done, { dueOn: '2026-12-15', comment: 'x' }, TODAY)).toEqual({
        refusal: 'already-done',
        errors: [],
      });
    });
  });

  describe('marking done', () => {
    it('takes an open follow-up with or without a comment, once', () => {
      expect(checkDone(open, {})).toEqual({ errors: [] });
      expect(checkDone(open, { comment: 'erledigt' })).toEqual({ errors: [] });
      expect(checkDone(open, { comment: 'x'.repeat(1001) }).errors).toEqual([
        { field: 'comment', message: 'Kommentar: höchstens 1000 Zeichen.' },
      ]);
      expect(checkDone(done, {})).toEqual({ refusal: 'already-done', errors: [] });
    });
  });

  it.each([
    [open, '2026-11-30', false],
    [open, '2026-12-01', true],
    [open, '2026-12-24', true],
    [done, '2026-12-24', false],
  ])('isDue(%p, %s) = %p', (followUp, day, expected) => {
    expect(isDue(followUp, day)).toBe(expected);
  });

  describe('cover by the unit', () => {
    const present = { active: true, units: ['LG'], absentUntil: null };
    it.each([
      ['present owner', present, false],
      ['absence ended yesterday', { ...present, absentUntil: '2026-11-27' }, false],
      ['absent until today', { ...present, absentUntil: TODAY }, true],
      ['absent until later', { ...present, absentUntil: '2026-12-24' }, true],
      ['deactivated account', { ...present, active: false }, true],
      ['left the unit', { ...present, units: ['ABH'] }, true],
      ['account gone', null, true],
    ])('%s', (_label, owner, expected) => {
      expect(needsCover(owner, 'LG', TODAY)).toBe(expected);
    });
  });

  it('accepts no absence or an absence ending today or later', () => {
    expect(checkAbsence(null, TODAY)).toEqual([]);
    expect(checkAbsence('', TODAY)).toEqual([]);
    expect(checkAbsence('2026-12-24', TODAY)).toEqual([]);
    expect(fields(checkAbsence('2026-11-01', TODAY))).toEqual(['absentUntil']);
  });
});
