/**
 * The payload of the message `Zuweisung` (LVwA/ZASt → district, § 50 AsylG): the persons of one
 * household assigned together, the announced arrival date and the municipality. A message start event
 * has no correlation key; the process's caseId is the file number the import gives the main person.
 */
import type { IdentityEvidence, Sex, Vulnerability } from '../../cases';

export type ZuweisungRole = 'applicant' | 'spouse' | 'child' | 'other';

export interface ZuweisungPerson {
  familyName: string;
  givenNames: string;
  nameVariants?: string[];
  /** 'YYYY-MM-DD' or null when unknown */
  dateOfBirth?: string | null;
  dateOfBirthEstimated?: boolean;
  sex?: Sex | null;
  /** ISO 3166-1 alpha-3 */
  nationalities?: string[];
  language?: string | null;
  vulnerabilities?: Vulnerability[];
  entryDate?: string | null;
  asylumApplicationDate?: string | null;
  bamfFileNumber?: string | null;
  azrNumber?: string | null;
  identityEvidence?: IdentityEvidence | null;
  role: ZuweisungRole;
  /** minors: who they entered with (§ 42a Abs. 1 SGB VIII); default: a parent if the Zuweisung names an adult applicant or spouse */
  enteredWith?: 'custodian' | 'person-entitled-to-upbringing' | 'spouse' | 'other-adult' | 'none';
  married?: boolean;
}

export interface Zuweisung {
  /** reference of the Zuweisung (Zuweisungsbescheid) */
  reference: string;
  /** announced arrival date 'YYYY-MM-DD' */
  arrivalDate: string;
  /** municipality of the district the household is assigned to */
  municipality?: string | null;
  /** first day in the reception centre (for § 47 AsylG) */
  receptionCentreSince?: string | null;
  persons: ZuweisungPerson[];
}

/** a household member as the process carries it (no personal data beyond the file number) */
export interface ArrivalMember {
  personId: string;
  fileNumber: string;
  role: ZuweisungRole;
  /** index in zuweisung.persons */
  index: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ROLES: ZuweisungRole[] = ['applicant', 'spouse', 'child', 'other'];

/** the problems of a Zuweisung payload (empty = usable); no personal data in the messages */
export function zuweisungProblems(value: unknown): string[] {
  const problems: string[] = [];
  if (!value || typeof value !== 'object') return ['variable zuweisung is missing'];
  const z = value as Partial<Zuweisung>;
  if (typeof z.reference !== 'string' || !z.reference.trim()) problems.push('zuweisung.reference is missing');
  if (typeof z.arrivalDate !== 'string' || !ISO_DATE.test(z.arrivalDate))
    problems.push('zuweisung.arrivalDate must be YYYY-MM-DD');
  if (!Array.isArray(z.persons) || z.persons.length === 0) {
    problems.push('zuweisung.persons must list at least one person');
    return problems;
  }
  z.persons.forEach((p, i) => {
    if (!p || typeof p.familyName !== 'string' || !p.familyName.trim())
      problems.push(`zuweisung.persons[${i}].familyName is missing`);
    if (!p || typeof p.givenNames !== 'string')
      problems.push(`zuweisung.persons[${i}].givenNames is missing`);
    if (p?.dateOfBirth != null && (typeof p.dateOfBirth !== 'string' || !ISO_DATE.test(p.dateOfBirth))) {
      problems.push(`zuweisung.persons[${i}].dateOfBirth must be YYYY-MM-DD or null`);
    }
    if (!p || !ROLES.includes(p.role))
      problems.push(`zuweisung.persons[${i}].role must be one of ${ROLES.join(', ')}`);
  });
  return problems;
}

/**
 * The main person of the case (the process's personId / caseId): the first adult applicant, else the
 * first adult, else the first person listed.
 */
export function mainPersonIndex(persons: ZuweisungPerson[], on: string): number {
  const adult = (p: ZuweisungPerson): boolean => !p.dateOfBirth || ageYears(p.dateOfBirth, on) >= 18;
  const applicant = persons.findIndex((p) => p.role === 'applicant' && adult(p));
  if (applicant >= 0) return applicant;
  const firstAdult = persons.findIndex(adult);
  return firstAdult >= 0 ? firstAdult : 0;
}

function ageYears(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
