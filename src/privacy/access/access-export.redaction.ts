/** what stands in the export where a process or task holds data of another person */
export const OTHER_PERSON = 'Angaben zu einer anderen Person (Art. 15 Abs. 4 DSGVO)';

export interface ExportSubject {
  id: string;
  familyName: string;
  givenNames: string;
}

const norm = (v: unknown): string => (typeof v === 'string' ? v.trim().toLocaleLowerCase('de-DE') : '');

/**
 * True for an object that describes a person other than the subject: it carries another `personId`,
 * or names (`familyName`, `givenNames`) that are not the subject's — e.g. the other members of a
 * household in a Zuweisung (`zuweisung.persons`) or in `members` of the arrival process.
 */
function isOtherPerson(value: Record<string, unknown>, subject: ExportSubject): boolean {
  if (typeof value.personId === 'string' && value.personId !== subject.id) return true;
  const hasNames = typeof value.familyName === 'string' || typeof value.givenNames === 'string';
  if (!hasNames || value.personId === subject.id) return false;
  return (
    norm(value.familyName) !== norm(subject.familyName) || norm(value.givenNames) !== norm(subject.givenNames)
  );
}

/**
 * Process and task variables as the subject may receive them (Art. 15 Abs. 4 DSGVO: the rights of
 * others): every nested object about another person is replaced by a note. The subject's own entries,
 * and values that name no person, stay as they are.
 */
export function withoutOtherPersons<T>(value: T, subject: ExportSubject): T {
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 20 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const record = v as Record<string, unknown>;
    if (depth > 0 && isOtherPerson(record, subject)) return OTHER_PERSON;
    return Object.fromEntries(Object.entries(record).map(([k, item]) => [k, walk(item, depth + 1)]));
  };
  return walk(value, 0) as T;
}
