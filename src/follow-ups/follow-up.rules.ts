import { parseDate } from '../common/calendar';

/**
 * The rules of a Wiedervorlage (issue 8 § 2), as pure functions: what a new, moved or finished
 * follow-up must satisfy, and when it is due in whose list. Messages are German (a caseworker reads
 * them next to the field).
 */

export const FOLLOW_UP_STATUSES = ['open', 'done'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export const REASON_MAX_LENGTH = 500;
export const COMMENT_MAX_LENGTH = 1000;

/** a German message for one field of a request */
export interface FieldError {
  field: string;
  message: string;
}

/** 'YYYY-MM-DD' or 'TT.MM.JJJJ' → 'YYYY-MM-DD' if it is a real calendar date, else null */
export function parseDueDate(text: string | null | undefined): string | null {
  const t = (text ?? '').trim();
  let iso: string | null = null;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) iso = `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  if (!iso) return null;
  try {
    parseDate(iso);
    return iso;
  } catch {
    return null;
  }
}

function checkDate(
  field: string,
  label: string,
  raw: string | null | undefined,
  today: string,
): FieldError[] {
  if (!raw || !raw.trim()) return [{ field, message: `${label}: Pflichtangabe.` }];
  const date = parseDueDate(raw);
  if (!date) return [{ field, message: `${label}: bitte ein gültiges Datum als TT.MM.JJJJ angeben.` }];
  if (date < today)
    return [
      { field, message: `${label}: Das Datum liegt in der Vergangenheit. Bitte heute oder später wählen.` },
    ];
  return [];
}

function checkText(
  field: string,
  label: string,
  raw: string | null | undefined,
  max: number,
  required: boolean,
): FieldError[] {
  const text = (raw ?? '').trim();
  if (!text && required) return [{ field, message: `${label}: Pflichtangabe.` }];
  if (text.length > max) return [{ field, message: `${label}: höchstens ${max} Zeichen.` }];
  return [];
}

export interface NewFollowUpInput {
  unit?: string | null;
  dueOn?: string | null;
  reason?: string | null;
}

/**
 * A new follow-up: a unit the actor belongs to, a due date today or later, a reason (≤ 500 characters).
 */
export function checkNewFollowUp(
  input: NewFollowUpInput,
  context: { today: string; actorUnits: readonly string[] },
): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.unit) errors.push({ field: 'unit', message: 'Einheit: Pflichtangabe.' });
  else if (!context.actorUnits.includes(input.unit))
    errors.push({ field: 'unit', message: 'Einheit: Sie gehören dieser Einheit nicht an.' });
  errors.push(...checkDate('dueOn', 'Datum', input.dueOn, context.today));
  errors.push(...checkText('reason', 'Grund', input.reason, REASON_MAX_LENGTH, true));
  return errors;
}

/** a follow-up as far as moving and finishing it is concerned */
export interface FollowUpState {
  status: FollowUpStatus;
  dueOn: string;
}

/** why a change of a follow-up's state is refused outright (not a field error) */
export type StateRefusal = 'already-done';

/**
 * Moving: only an open follow-up; a new date today or later and different from the current one; a
 * comment saying why (required, ≤ 1000 characters).
 */
export function checkMove(
  followUp: FollowUpState,
  input: { dueOn?: string | null; comment?: string | null },
  today: string,
): { refusal?: StateRefusal; errors: FieldError[] } {
  if (followUp.status === 'done') return { refusal: 'already-done', errors: [] };
  const errors = checkDate('dueOn', 'Neues Datum', input.dueOn, today);
  if (!errors.length && parseDueDate(input.dueOn) === followUp.dueOn)
    errors.push({
      field: 'dueOn',
      message: 'Neues Datum: Die Wiedervorlage ist bereits auf diesen Tag gelegt.',
    });
  errors.push(...checkText('comment', 'Kommentar', input.comment, COMMENT_MAX_LENGTH, true));
  return { errors };
}

/** Finishing: only an open follow-up; the comment is optional (≤ 1000 characters). */
export function checkDone(
  followUp: FollowUpState,
  input: { comment?: string | null },
): { refusal?: StateRefusal; errors: FieldError[] } {
  if (followUp.status === 'done') return { refusal: 'already-done', errors: [] };
  return { errors: checkText('comment', 'Kommentar', input.comment, COMMENT_MAX_LENGTH, false) };
}

/** open and due on or before the day */
export function isDue(followUp: FollowUpState, day: string): boolean {
  return followUp.status === 'open' && followUp.dueOn <= day;
}

/** the owner of a follow-up as far as cover is concerned (null: the account no longer exists) */
export interface OwnerAvailability {
  active: boolean;
  units: readonly string[];
  /** last day of absence (inclusive), 'YYYY-MM-DD', or null */
  absentUntil: string | null;
}

/**
 * Whether the owning unit covers a follow-up (it shows in the unit's list): its owner is absent today
 * (absentUntil today or later), no longer active, or no longer a member of the owning unit.
 */
export function needsCover(owner: OwnerAvailability | null, unit: string, today: string): boolean {
  if (!owner || !owner.active || !owner.units.includes(unit)) return true;
  return owner.absentUntil !== null && owner.absentUntil >= today;
}

/** the absence a user sets for themselves: none, or a last day today or later */
export function checkAbsence(raw: string | null | undefined, today: string): FieldError[] {
  if (raw === null || raw === undefined || raw.trim() === '') return [];
  return checkDate('absentUntil', 'Abwesend bis', raw, today);
}
