import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, addMonths } from '../../common/calendar';
import { projectRoot } from '../../config/project-root';

/**
 * The synthetic population of the demo seed: a seeded PRNG (same seed → same population), the
 * distributions of src/demo/seed/distributions.json, and generators for households arriving by
 * Zuweisung and for persons already living in the district. Names are combinations from small lists;
 * nobody real is meant.
 */
export interface Distributions {
  source: string;
  arrivalNationalities: Record<string, number>;
  stockNationalities: Record<string, number>;
  protectionRate: Record<string, number>;
  euNationalities: string[];
  languages: Record<string, string[]>;
  languageNames: Record<string, string>;
  municipalities: Record<string, number>;
  facilities: { name: string; kind: 'GU' | 'flat'; address: string; municipality: string; share: number }[];
  ageGroups: { from: number; to: number; weight: number }[];
  adultMaleShare: number;
  householdSizes: Record<string, number>;
  arrivalMonthFactors: number[];
  arrivalYearlyTrend: number;
  stockShare: number;
  stockStatus: Record<string, number>;
  complaintCategories: Record<string, number>;
  complaintsPerMonth: number;
  shares: Record<string, number>;
  names: Record<string, { family: string[]; male: string[]; female: string[] }>;
  nameGroups: Record<string, string>;
}

export function loadDistributions(): Distributions {
  return JSON.parse(
    readFileSync(join(projectRoot(), 'src', 'demo', 'seed', 'distributions.json'), 'utf8'),
  ) as Distributions;
}

/** mulberry32: a small, fast PRNG with 32 bits of state; deterministic for a seed */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = (seed >>> 0) ^ 0x9e3779b9;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** an integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted(weights: Record<string, number>): string {
    const entries = Object.entries(weights);
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let x = this.next() * total;
    for (const [key, w] of entries) {
      x -= w;
      if (x < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  /** a skewed delay: mostly short, sometimes long (log-normal-like), in [min, max] */
  skewed(min: number, median: number, max: number): number {
    const u = Math.max(1e-9, this.next());
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    const value = median * Math.exp(0.8 * normal);
    return Math.min(max, Math.max(min, value));
  }

  /** a child PRNG for an independent stream (so that one stream's draws do not shift another's) */
  fork(salt: number): Random {
    return new Random(Math.floor(this.next() * 2 ** 31) ^ salt);
  }
}

export type Sex = 'male' | 'female';

export interface SyntheticPerson {
  familyName: string;
  givenNames: string;
  dateOfBirth: string;
  sex: Sex;
  nationalities: string[];
  language: string;
  role: 'applicant' | 'spouse' | 'child' | 'other';
  entryDate: string;
  asylumApplicationDate?: string;
  vulnerabilities?: string[];
  enteredWith?: 'none';
}

export interface SyntheticHousehold {
  nationality: string;
  municipality: string;
  persons: SyntheticPerson[];
  /** an unaccompanied minor (UMA) */
  uma: boolean;
}

export class PopulationGenerator {
  constructor(
    private readonly d: Distributions,
    private readonly rng: Random,
  ) {}

  private name(nationality: string, sex: Sex): { given: string; family: string } {
    const group = this.d.names[this.d.nameGroups[nationality] ?? 'other'] ?? this.d.names.other;
    return {
      given: this.rng.pick(sex === 'male' ? group.male : group.female),
      family: this.rng.pick(group.family),
    };
  }

  private language(nationality: string): string {
    return this.rng.pick(this.d.languages[nationality] ?? ['en']);
  }

  private birthDate(today: string, ageFrom: number, ageTo: number): string {
    const age = this.rng.int(ageFrom, ageTo);
    return addDays(addMonths(today, -12 * age), -this.rng.int(0, 364));
  }

  municipality(): string {
    return this.rng.weighted(this.d.municipalities);
  }

  /** a household assigned to the district on `today` (entered some weeks to months before) */
  household(today: string): SyntheticHousehold {
    const nationality = this.rng.weighted(this.d.arrivalNationalities);
    const entryDate = addDays(today, -this.rng.int(21, 200));
    const language = this.language(nationality);
    const municipality = this.municipality();
    if (this.rng.chance(this.d.shares.uma)) {
      const sex: Sex = this.rng.chance(0.85) ? 'male' : 'female';
      const n = this.name(nationality, sex);
      return {
        nationality,
        municipality,
        uma: true,
        persons: [
          {
            familyName: n.family,
            givenNames: n.given,
            dateOfBirth: this.birthDate(today, 14, 17),
            sex,
            nationalities: [nationality],
            language,
            role: 'applicant',
            entryDate,
            asylumApplicationDate: entryDate,
            enteredWith: 'none',
          },
        ],
      };
    }
    const size = Number(this.rng.weighted(this.d.householdSizes));
    const persons: SyntheticPerson[] = [];
    const adults = size === 1 ? 1 : size === 2 ? this.rng.int(1, 2) : this.rng.chance(0.85) ? 2 : 1;
    const applicantSex: Sex =
      adults === 1 && size > 1
        ? this.rng.chance(0.7)
          ? 'female'
          : 'male'
        : this.rng.chance(this.d.adultMaleShare)
          ? 'male'
          : 'female';
    const applicantName = this.name(nationality, applicantSex);
    const adultAgeWeights = Object.fromEntries(
      this.d.ageGroups.filter((g) => g.from >= 18).map((g) => [`${g.from}-${g.to}`, g.weight]),
    );
    const adultAge = (): [number, number] => {
      const [from, to] = this.rng.weighted(adultAgeWeights).split('-').map(Number);
      return [from, to];
    };
    const [af, at] = size > 2 ? [22, 50] : adultAge();
    persons.push({
      familyName: applicantName.family,
      givenNames: applicantName.given,
      dateOfBirth: this.birthDate(today, af, at),
      sex: applicantSex,
      nationalities: [nationality],
      language,
      role: 'applicant',
      entryDate,
      asylumApplicationDate: addDays(entryDate, this.rng.int(0, 10)),
      ...(this.rng.chance(0.12)
        ? { vulnerabilities: [this.rng.pick(['illness', 'disability', 'violence-survivor', 'pregnancy'])] }
        : {}),
    });
    if (adults === 2) {
      const sex: Sex = applicantSex === 'male' ? 'female' : 'male';
      persons.push({
        familyName: applicantName.family,
        givenNames: this.name(nationality, sex).given,
        dateOfBirth: this.birthDate(today, Math.max(18, af - 2), Math.min(64, at + 3)),
        sex,
        nationalities: [nationality],
        language,
        role: 'spouse',
        entryDate,
      });
    }
    const childAgeWeights = Object.fromEntries(
      this.d.ageGroups.filter((g) => g.to < 18).map((g) => [`${g.from}-${g.to}`, g.weight]),
    );
    for (let i = persons.length; i < size; i++) {
      const sex: Sex = this.rng.chance(0.52) ? 'male' : 'female';
      const [from, to] = this.rng.weighted(childAgeWeights).split('-').map(Number);
      persons.push({
        familyName: applicantName.family,
        givenNames: this.name(nationality, sex).given,
        dateOfBirth: this.birthDate(today, from, to),
        sex,
        nationalities: [nationality],
        language,
        role: 'child',
        entryDate,
      });
    }
    return { nationality, municipality, persons, uma: false };
  }

  /** a person who already lives in the district when the simulated period begins */
  stockPerson(start: string): SyntheticPerson & { municipality: string; status: string } {
    const nationality = this.rng.weighted(this.d.stockNationalities);
    const sex: Sex = this.rng.chance(0.55) ? 'male' : 'female';
    const n = this.name(nationality, sex);
    const [from, to] = this.rng
      .weighted(Object.fromEntries(this.d.ageGroups.map((g) => [`${g.from}-${g.to}`, g.weight])))
      .split('-')
      .map(Number);
    const eu = this.d.euNationalities.includes(nationality);
    const status = eu
      ? 'EU-Freizügigkeit'
      : nationality === 'UKR'
        ? 'Aufenthaltserlaubnis § 24'
        : this.rng.weighted(
            Object.fromEntries(
              Object.entries(this.d.stockStatus).filter(
                ([k]) => k !== 'EU-Freizügigkeit' && k !== 'Aufenthaltserlaubnis § 24',
              ),
            ),
          );
    const entryYearsAgo = status === 'Aufenthaltserlaubnis § 24' ? this.rng.int(1, 3) : this.rng.int(2, 10);
    return {
      familyName: n.family,
      givenNames: n.given,
      dateOfBirth: this.birthDate(start, from, to),
      sex,
      nationalities: [nationality],
      language: this.language(nationality),
      role: 'applicant',
      entryDate: addDays(addMonths(start, -12 * entryYearsAgo), -this.rng.int(0, 300)),
      municipality: this.municipality(),
      status,
    };
  }
}
