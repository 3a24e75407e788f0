import { addDays, addMonths, ageOn } from '../common/calendar';

/**
 * The Lagebild's definitions (BRIEF § 8; issue 6 § 1) as pure functions over a compact snapshot of
 * persons, status episodes and the few domain events the figures read. Stock figures are taken at a
 * reporting date (Stichtag) from status episodes, flow figures count events in a period [von, bis]
 * (both inclusive). The service loads the snapshot with narrow SQL and leaves every decision here.
 */

// ---------------------------------------------------------------- snapshot and parameters

export interface PersonFact {
  id: string;
  /** ISO 3166-1 alpha-3; the first is the main nationality */
  nationalities: string[];
  dateOfBirth: string | null;
  sex: string | null;
  municipality: string | null;
}

export interface EpisodeFact {
  id: string;
  personId: string;
  type: string;
  legalBasis: string | null;
  validFrom: string;
  /** inclusive; null = open-ended */
  validTo: string | null;
  supersedes: string | null;
}

/** a domain event with the payload fields the Lagebild reads (all as text) */
export interface EventFact {
  personId: string | null;
  type: string;
  occurredOn: string;
  payload: Record<string, string | null | undefined>;
}

export interface LagebildSnapshot {
  persons: PersonFact[];
  /** per person, ordered by validFrom, then recording time (as CasesService.statusHistory) */
  episodesByPerson: Map<string, EpisodeFact[]>;
  /** per person, ordered by occurredOn */
  eventsByPerson: Map<string, EventFact[]>;
}

export type DuldungCategory = 'employment' | 'vocationalTraining' | 'vocationalSupport' | 'helperTraining';

/** one row of the Duldung category mapping: every criterion given must match; the first matching row wins */
export interface DuldungCategoryRule {
  category: DuldungCategory;
  /** `category` of the DuldungGranted event that granted the episode */
  grantCategories?: string[];
  /** status episode type, e.g. "Duldung §60d" */
  statusTypes?: string[];
  /** legal basis of the episode (compared without spaces) */
  legalBases?: string[];
}

export interface AgeBand {
  label: string;
  from: number;
  /** inclusive; null = open */
  to: number | null;
}

/** the [local] choices, each a versioned parameter `statistics.*` (Migration20261128182000) */
export interface LagebildParameters {
  /** EU, EEA and Switzerland (FreizügG/EU), alpha-3 */
  euEeaChCountries: string[];
  /** "any-eu-nationality": a dual national with one EU/EEA/CH nationality counts as EU; "main-nationality": the first decides */
  dualNationalRule: 'any-eu-nationality' | 'main-nationality';
  ageBands: AgeBand[];
  /** months before and after the end of benefits in which an SGB II application counts */
  jobcenterWindowMonths: number;
  duldungCategoryRules: DuldungCategoryRule[];
  /** legal bases of residence permits counted as civil-war refugees (§ 23 Abs. 1, § 24 AufenthG) */
  civilWarLegalBases: string[];
  /** counts above 0 and below this are suppressed */
  minCellCount: number;
}

// ---------------------------------------------------------------- status at a date

const compact = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, '').toLowerCase();

/**
 * The episodes in force on `date` (CasesService.statusAt): started on or before it, not past validTo
 * (inclusive), not superseded by an episode started on or before the date; a departure ('Ausgereist')
 * ends every episode that started before it.
 */
export function episodesInForce(episodes: EpisodeFact[], date: string): EpisodeFact[] {
  const started = episodes.filter((e) => e.validFrom <= date);
  const superseded = new Set(started.map((e) => e.supersedes).filter((id): id is string => Boolean(id)));
  const departed = started.filter((e) => e.type === 'Ausgereist').at(-1);
  return started.filter(
    (e) =>
      !superseded.has(e.id) &&
      (!e.validTo || e.validTo >= date) &&
      (!departed || e === departed || e.validFrom > departed.validFrom),
  );
}

/** departed on `date`: the last departure started on or before it, and nothing started after it (re-entry) */
export function departedAt(episodes: EpisodeFact[], date: string): boolean {
  const started = episodes.filter((e) => e.validFrom <= date);
  const departed = started.filter((e) => e.type === 'Ausgereist').at(-1);
  return (
    Boolean(departed) && !started.some((e) => e.type !== 'Ausgereist' && e.validFrom > departed!.validFrom)
  );
}

/** German citizen: DEU among the nationalities (German citizenship always wins) or naturalised ('Deutsch' in force) */
export function isGermanAt(person: PersonFact, inForce: EpisodeFact[]): boolean {
  return person.nationalities.includes('DEU') || inForce.some((e) => e.type === 'Deutsch');
}

/**
 * BRIEF § 8 "Foreigners": known to the agency on the date (an episode started on or before it), not
 * departed, not German. The agency's register is the district's: every such person has an address here.
 */
export function isForeignerAt(person: PersonFact, episodes: EpisodeFact[], date: string): boolean {
  if (!episodes.some((e) => e.validFrom <= date)) return false;
  if (departedAt(episodes, date)) return false;
  return !isGermanAt(person, episodesInForce(episodes, date));
}

/** BRIEF § 8 "EU vs third-country": FreizügG/EU nationality; the dual-national rule is [local] */
export function isEuEeaCh(
  person: PersonFact,
  params: LagebildParameters,
  eu: ReadonlySet<string> = new Set(params.euEeaChCountries),
): boolean {
  if (params.dualNationalRule === 'main-nationality') return eu.has(person.nationalities[0] ?? '');
  return person.nationalities.some((n) => eu.has(n));
}

/** BRIEF § 8 "Asylum seekers": a valid Ankunftsnachweis or Aufenthaltsgestattung */
export function isAsylumSeeker(inForce: EpisodeFact[]): boolean {
  return inForce.some((e) => e.type === 'Ankunftsnachweis' || e.type === 'Aufenthaltsgestattung');
}

export const DULDUNG_TYPES = ['Duldung §60a', 'Duldung §60b', 'Duldung §60c', 'Duldung §60d'] as const;

/** BRIEF § 8 "Persons with Duldung": the Duldung types in force (§§ 60a, 60b, 60c, 60d AufenthG) */
export function duldungTypes(inForce: EpisodeFact[]): Set<string> {
  return new Set(inForce.filter((e) => e.type.startsWith('Duldung')).map((e) => e.type));
}

/** a legal basis matches a listed one: the same text without spaces, or it continues with " Abs./S./Nr." of it */
export function legalBasisMatches(legalBasis: string | null, listed: string[]): boolean {
  const lb = compact(legalBasis).replace(/aufenthg$/, '');
  return listed.some((l) => {
    const want = compact(l).replace(/aufenthg$/, '');
    return lb === want || (lb.startsWith(want) && /^(abs|s\.|satz|nr)/.test(lb.slice(want.length)));
  });
}

/** BRIEF § 8 "Civil-war refugees": a residence permit under § 23 Abs. 1 (war) or § 24 AufenthG [local] */
export function isCivilWarRefugee(inForce: EpisodeFact[], params: LagebildParameters): boolean {
  return inForce.some(
    (e) => e.type === 'Aufenthaltserlaubnis' && legalBasisMatches(e.legalBasis, params.civilWarLegalBases),
  );
}

const UMA_START = new Set(['UMAProvisionalCustodyStarted', 'UMACustodyStarted']);

/** BRIEF § 8 "UMA" (stock): in Inobhutnahme or under guardianship on the date, i.e. a start not followed by UMAEnded */
export function isUmaAt(events: EventFact[], date: string): boolean {
  let inCare = false;
  for (const e of events) {
    if (e.occurredOn > date) break;
    if (UMA_START.has(e.type)) inCare = true;
    else if (e.type === 'UMAEnded') inCare = false;
  }
  return inCare;
}

/** the age band of a person on a date (full years), or null without date of birth or band */
export function ageBandOf(dateOfBirth: string | null, date: string, bands: AgeBand[]): string | null {
  if (!dateOfBirth || dateOfBirth > date) return null;
  const age = ageOn(dateOfBirth, date);
  return bands.find((b) => age >= b.from && (b.to === null || age <= b.to))?.label ?? null;
}

export type SexGroup = 'female' | 'male' | 'other';

export function sexGroup(sex: string | null): SexGroup {
  return sex === 'female' || sex === 'male' ? sex : 'other';
}

/**
 * BRIEF § 8 "Duldungen by category" (an assumption of the brief, so the mapping is data): the first rule
 * whose criteria all match the episode and the DuldungGranted event that granted it; null = none of the
 * four categories.
 */
export function duldungCategoryOf(
  episode: EpisodeFact,
  grantCategory: string | null,
  rules: DuldungCategoryRule[],
): DuldungCategory | null {
  for (const rule of rules) {
    const checks = [
      rule.grantCategories ? grantCategory !== null && rule.grantCategories.includes(grantCategory) : null,
      rule.statusTypes ? rule.statusTypes.includes(episode.type) : null,
      rule.legalBases ? rule.legalBases.some((l) => compact(l) === compact(episode.legalBasis)) : null,
    ].filter((c): c is boolean => c !== null);
    if (checks.length > 0 && checks.every(Boolean)) return rule.category;
  }
  return null;
}

/** the grant event of a Duldung episode: the person's last DuldungGranted with the episode's validFrom, recorded by then */
export function grantCategoryOf(episode: EpisodeFact, events: EventFact[]): string | null {
  let found: string | null = null;
  for (const e of events) {
    if (e.type === 'DuldungGranted' && e.payload.validFrom === episode.validFrom)
      found = e.payload.category ?? null;
  }
  return found;
}

// ---------------------------------------------------------------- raw figures

export const STOCK_KEYS = [
  'foreigners',
  'foreignersEu',
  'foreignersThirdCountry',
  'asylumSeekers',
  'duldung',
  'duldung60a',
  'duldung60b',
  'duldung60c',
  'duldung60d',
  'civilWar',
  'umaStock',
  'duldungEmployment',
  'duldungVocationalTraining',
  'duldungVocationalSupport',
  'duldungHelperTraining',
] as const;
export type StockKey = (typeof STOCK_KEYS)[number];

export const FLOW_KEYS = ['umaNew', 'ivafJobs', 'ivafTraining', 'jcRecognised', 'jcApplied'] as const;
export type FlowKey = (typeof FLOW_KEYS)[number];

export interface StockCounts {
  date: string;
  counts: Record<StockKey, number>;
  /** asylum seekers by age band label (and "unbekannt") and sex */
  ageGroups: Map<string, Record<SexGroup, number>>;
  /** foreigners by main nationality ('' = stateless/unknown) */
  countries: Map<string, number>;
  /** foreigners by municipality ('' = not recorded) */
  municipalities: Map<string, number>;
}

export const UNKNOWN_AGE = 'unbekannt';

const inc = <K>(map: Map<K, number>, key: K): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

// ---------------------------------------------------------------- prepared snapshot (fast path)

/** what an episode stands for, independent of the date (bit flags) */
const B = {
  asylum: 1,
  d60a: 2,
  d60b: 4,
  d60c: 8,
  d60d: 16,
  civilWar: 32,
  german: 64,
  departure: 128,
  employment: 256,
  vocationalTraining: 512,
  vocationalSupport: 1024,
  helperTraining: 2048,
} as const;

const CATEGORY_BIT: Record<DuldungCategory, number> = {
  employment: B.employment,
  vocationalTraining: B.vocationalTraining,
  vocationalSupport: B.vocationalSupport,
  helperTraining: B.helperTraining,
};

interface PreparedEpisode {
  validFrom: string;
  validTo: string | null;
  /** the earliest validFrom of an episode superseding this one, or null */
  supersededFrom: string | null;
  bits: number;
}

export interface PreparedPerson {
  /** German citizenship among the nationalities */
  german: boolean;
  eu: boolean;
  nationality: string;
  municipality: string;
  sex: SexGroup;
  /** date of birth as [y, m, d], or null */
  born: [number, number, number] | null;
  episodes: PreparedEpisode[];
  /** UMA care as [start, end) intervals of ISO dates (end null = open) */
  uma: [string, string | null][];
}

/** a snapshot with every date-independent decision taken once (per request), for the stock figures */
export interface PreparedSnapshot {
  persons: PreparedPerson[];
}

/** the date-independent meaning of an episode: the definitions above, applied once */
function episodeBits(e: EpisodeFact, grantCategory: string | null, params: LagebildParameters): number {
  let bits = 0;
  if (isAsylumSeeker([e])) bits |= B.asylum;
  if (e.type === 'Duldung §60a') bits |= B.d60a;
  if (e.type === 'Duldung §60b') bits |= B.d60b;
  if (e.type === 'Duldung §60c') bits |= B.d60c;
  if (e.type === 'Duldung §60d') bits |= B.d60d;
  if (isCivilWarRefugee([e], params)) bits |= B.civilWar;
  if (e.type === 'Deutsch') bits |= B.german;
  if (e.type === 'Ausgereist') bits |= B.departure;
  if (e.type.startsWith('Duldung')) {
    const category = duldungCategoryOf(e, grantCategory, params.duldungCategoryRules);
    if (category) bits |= CATEGORY_BIT[category];
  }
  return bits;
}

function umaIntervals(events: EventFact[]): [string, string | null][] {
  const out: [string, string | null][] = [];
  let open: string | null = null;
  for (const e of events) {
    if (UMA_START.has(e.type)) open ??= e.occurredOn;
    else if (e.type === 'UMAEnded' && open !== null) {
      out.push([open, e.occurredOn]);
      open = null;
    }
  }
  if (open !== null) out.push([open, null]);
  return out;
}

export function prepareSnapshot(snapshot: LagebildSnapshot, params: LagebildParameters): PreparedSnapshot {
  const noEvents: EventFact[] = [];
  const eu = new Set(params.euEeaChCountries);
  // an episode's bits depend on its type, legal basis and grant category only: decided once per combination
  const bitsOf = new Map<string, Map<string, Map<string, number>>>();
  const bitsFor = (e: EpisodeFact, grant: string | null): number => {
    let byBasis = bitsOf.get(e.type);
    if (!byBasis) bitsOf.set(e.type, (byBasis = new Map<string, Map<string, number>>()));
    let byGrant = byBasis.get(e.legalBasis ?? '');
    if (!byGrant) byBasis.set(e.legalBasis ?? '', (byGrant = new Map<string, number>()));
    let bits = byGrant.get(grant ?? '');
    if (bits === undefined) byGrant.set(grant ?? '', (bits = episodeBits(e, grant, params)));
    return bits;
  };
  const noEpisodes: EpisodeFact[] = [];
  const persons: PreparedPerson[] = new Array<PreparedPerson>(snapshot.persons.length);
  snapshot.persons.forEach((person, index) => {
    const episodes = snapshot.episodesByPerson.get(person.id) ?? noEpisodes;
    const events = snapshot.eventsByPerson.get(person.id) ?? noEvents;
    let supersededFrom: Map<string, string> | null = null;
    for (const e of episodes) {
      if (!e.supersedes) continue;
      supersededFrom ??= new Map();
      const before = supersededFrom.get(e.supersedes);
      if (!before || e.validFrom < before) supersededFrom.set(e.supersedes, e.validFrom);
    }
    const dob = person.dateOfBirth;
    const prepared: PreparedEpisode[] = new Array<PreparedEpisode>(episodes.length);
    for (let i = 0; i < episodes.length; i += 1) {
      const e = episodes[i];
      const grant = events.length > 0 && e.type.startsWith('Duldung') ? grantCategoryOf(e, events) : null;
      prepared[i] = {
        validFrom: e.validFrom,
        validTo: e.validTo,
        supersededFrom: supersededFrom?.get(e.id) ?? null,
        bits: bitsFor(e, grant),
      };
    }
    persons[index] = {
      german: person.nationalities.includes('DEU'),
      eu: isEuEeaCh(person, params, eu),
      nationality: person.nationalities[0] ?? '',
      municipality: person.municipality ?? '',
      sex: sexGroup(person.sex),
      born:
        dob && dob.length === 10
          ? [Number(dob.slice(0, 4)), Number(dob.slice(5, 7)), Number(dob.slice(8, 10))]
          : null,
      episodes: prepared,
      uma: events.length ? umaIntervals(events) : [],
    };
  });
  return { persons };
}

const KNOWN = 1 << 20;
const DEPARTED = 1 << 21;

/**
 * The same as episodesInForce + departedAt (the reference definitions), without allocations: the OR of
 * the bits of the episodes in force on `date`, plus KNOWN (an episode started) and DEPARTED.
 */
function statusBitsAt(episodes: PreparedEpisode[], date: string): number {
  let departed = -1;
  let known = false;
  for (let i = 0; i < episodes.length; i += 1) {
    const e = episodes[i];
    if (e.validFrom > date) continue;
    known = true;
    if (e.bits & B.departure) departed = i;
  }
  if (!known) return 0;
  let bits = KNOWN;
  let reentered = false;
  const departedFrom = departed >= 0 ? episodes[departed].validFrom : '';
  for (let i = 0; i < episodes.length; i += 1) {
    const e = episodes[i];
    if (e.validFrom > date) continue;
    if (departed >= 0 && i !== departed && e.validFrom <= departedFrom) continue;
    if (departed >= 0 && i !== departed && !(e.bits & B.departure)) reentered = true;
    if (e.supersededFrom !== null && e.supersededFrom <= date) continue;
    if (e.validTo && e.validTo < date) continue;
    bits |= e.bits;
  }
  if (departed >= 0 && !reentered) bits |= DEPARTED;
  return bits;
}

/** the status bits on a date, for tests: must agree with the reference definitions */
export function statusSummaryAt(
  episodes: EpisodeFact[],
  date: string,
): { known: boolean; departed: boolean; types: string[] } {
  const prepared = prepareSnapshot(
    {
      persons: [{ id: 'x', nationalities: [], dateOfBirth: null, sex: null, municipality: null }],
      episodesByPerson: new Map([['x', episodes]]),
      eventsByPerson: new Map(),
    },
    {
      euEeaChCountries: [],
      dualNationalRule: 'any-eu-nationality',
      ageBands: [],
      jobcenterWindowMonths: 3,
      duldungCategoryRules: [],
      civilWarLegalBases: [],
      minCellCount: 5,
    },
  ).persons[0];
  const bits = statusBitsAt(prepared.episodes, date);
  const names: [number, string][] = [
    [B.asylum, 'asylum'],
    [B.d60a, 'Duldung §60a'],
    [B.d60b, 'Duldung §60b'],
    [B.d60c, 'Duldung §60c'],
    [B.d60d, 'Duldung §60d'],
    [B.german, 'Deutsch'],
    [B.departure, 'Ausgereist'],
  ];
  return {
    known: Boolean(bits & KNOWN),
    departed: Boolean(bits & DEPARTED),
    types: names.filter(([b]) => bits & b).map(([, n]) => n),
  };
}

/** full years on a date (ageOn of the calendar, on pre-split numbers) */
function ageAt(born: [number, number, number], y: number, m: number, d: number): number {
  return y - born[0] - (m < born[1] || (m === born[1] && d < born[2]) ? 1 : 0);
}

function bandOf(age: number, bands: AgeBand[]): string | null {
  if (age < 0) return null;
  for (const b of bands) if (age >= b.from && (b.to === null || age <= b.to)) return b.label;
  return null;
}

/** person-level bits of the stock figures, on top of statusBitsAt's */
export const FOREIGNER = 1 << 22;
export const EU = 1 << 23;
export const UMA = 1 << 24;
/** the status bits the stock counts read (statusBitsAt's and the three above) */
export type StockBits = number;

/**
 * Everything the stock figures need to know of one person on a date, as bits: the status in force
 * (statusBitsAt), and whether the person counts as a foreigner (BRIEF § 8 "Foreigners": known on the
 * date, not departed, not German by nationality or naturalisation), from the EU/EEA/CH, and as UMA in
 * care (from the youth office's events, also before the ABH has recorded a status).
 */
export function personBitsAt(person: PreparedPerson, date: string): StockBits {
  let bits = statusBitsAt(person.episodes, date);
  if (bits & KNOWN && !(bits & DEPARTED) && !(bits & B.german) && !person.german) bits |= FOREIGNER;
  if (person.eu) bits |= EU;
  if (person.uma.length > 0 && !(bits & DEPARTED)) {
    for (const [from, to] of person.uma) {
      if (from <= date && (to === null || to > date)) {
        bits |= UMA;
        break;
      }
    }
  }
  return bits;
}

/** adds n persons with these bits to the stock counts (the figures' definitions by bit) */
export function countStockBits(counts: Record<StockKey, number>, bits: StockBits, n = 1): void {
  if (bits & FOREIGNER) {
    counts.foreigners += n;
    counts[bits & EU ? 'foreignersEu' : 'foreignersThirdCountry'] += n;
    if (bits & B.asylum) counts.asylumSeekers += n;
    if (bits & (B.d60a | B.d60b | B.d60c | B.d60d)) counts.duldung += n;
    if (bits & B.d60a) counts.duldung60a += n;
    if (bits & B.d60b) counts.duldung60b += n;
    if (bits & B.d60c) counts.duldung60c += n;
    if (bits & B.d60d) counts.duldung60d += n;
    if (bits & B.employment) counts.duldungEmployment += n;
    if (bits & B.vocationalTraining) counts.duldungVocationalTraining += n;
    if (bits & B.vocationalSupport) counts.duldungVocationalSupport += n;
    if (bits & B.helperTraining) counts.duldungHelperTraining += n;
    if (bits & B.civilWar) counts.civilWar += n;
  }
  if (bits & UMA) counts.umaStock += n;
}

/** the bits of a foreigner who is an asylum seeker on the date: counted in the age pyramid */
export const PYRAMID_BITS = FOREIGNER | B.asylum;

export function inAgePyramid(bits: StockBits): boolean {
  return (bits & PYRAMID_BITS) === PYRAMID_BITS;
}

export function emptyStockCounts(date: string, params: LagebildParameters): StockCounts {
  return {
    date,
    counts: Object.fromEntries(STOCK_KEYS.map((k) => [k, 0])) as Record<StockKey, number>,
    ageGroups: new Map<string, Record<SexGroup, number>>(
      [...params.ageBands.map((b) => b.label), UNKNOWN_AGE].map((l) => [l, { female: 0, male: 0, other: 0 }]),
    ),
    countries: new Map<string, number>(),
    municipalities: new Map<string, number>(),
  };
}

/** the age band label of an age in full years (or "unbekannt") */
export function ageBandLabel(age: number | null, bands: AgeBand[]): string {
  return (age !== null && bandOf(age, bands)) || UNKNOWN_AGE;
}

/** every stock figure on a reporting date (the definitions above, on the prepared snapshot) */
export function stockAt(
  snapshot: LagebildSnapshot | PreparedSnapshot,
  date: string,
  params: LagebildParameters,
  /** only the counts (no age groups, countries, places): the 12-month line */
  countsOnly = false,
): StockCounts {
  const prepared = 'episodesByPerson' in snapshot ? prepareSnapshot(snapshot, params) : snapshot;
  const stock = emptyStockCounts(date, params);
  const [y, m, d] = date.split('-').map(Number);
  for (const person of prepared.persons) {
    const bits = personBitsAt(person, date);
    countStockBits(stock.counts, bits);
    if (countsOnly || !(bits & FOREIGNER)) continue;
    inc(stock.countries, person.nationality);
    inc(stock.municipalities, person.municipality);
    if (inAgePyramid(bits)) {
      const band = ageBandLabel(person.born && ageAt(person.born, y, m, d), params.ageBands);
      stock.ageGroups.get(band)![person.sex] += 1;
    }
  }
  return stock;
}

/** one stretch of time in which a person's stock bits do not change: [from, to), to null = open */
export interface StatusInterval {
  from: string;
  to: string | null;
  bits: StockBits;
}

/**
 * A person's stock bits as a function of the date, as intervals (personBitsAt, evaluated once per
 * change): the bits can only change where an episode starts, ends (the day after validTo) or is
 * superseded, or where UMA care starts or ends. Only the intervals in which the person counts for a
 * stock figure (foreigner or UMA) are returned; adjacent intervals with the same bits are merged.
 */
export function statusIntervals(person: PreparedPerson): StatusInterval[] {
  const points = new Set<string>();
  for (const e of person.episodes) {
    points.add(e.validFrom);
    if (e.validTo) points.add(addDays(e.validTo, 1));
    if (e.supersededFrom) points.add(e.supersededFrom);
  }
  for (const [from, to] of person.uma) {
    points.add(from);
    if (to) points.add(to);
  }
  const sorted = [...points].sort();
  const out: StatusInterval[] = [];
  let open: StatusInterval | null = null;
  for (const point of sorted) {
    const bits = personBitsAt(person, point);
    if (open && open.bits === bits) continue;
    if (open) open.to = point;
    open = bits & (FOREIGNER | UMA) ? { from: point, to: null, bits } : null;
    if (open) out.push(open);
  }
  return out;
}

export interface FlowCounts {
  from: string;
  to: string;
  counts: Record<FlowKey, number>;
}

/** every flow figure of a period (von and bis inclusive) */
export function flowIn(
  snapshot: LagebildSnapshot,
  from: string,
  to: string,
  params: LagebildParameters,
): FlowCounts {
  const counts = Object.fromEntries(FLOW_KEYS.map((k) => [k, 0])) as Record<FlowKey, number>;
  const within = (d: string | null | undefined): boolean => Boolean(d) && d! >= from && d! <= to;
  for (const events of snapshot.eventsByPerson.values()) {
    let recognitionEnd: string | null = null;
    for (const e of events) {
      // BRIEF § 8 UMA (flow): UMAProvisionalCustodyStarted in the period
      if (e.type === 'UMAProvisionalCustodyStarted' && within(e.occurredOn)) counts.umaNew += 1;
      // BRIEF § 8 IvAF: placements by their start date; training places separately
      if (e.type === 'IvAFPlacement' && within(e.payload.start)) {
        if (e.payload.type === 'employment subject to social insurance') counts.ivafJobs += 1;
        else if (e.payload.type === 'training') counts.ivafTraining += 1;
      }
      if (
        e.type === 'BenefitEnded' &&
        e.payload.reason === 'recognition' &&
        within(e.payload.on ?? e.occurredOn)
      ) {
        recognitionEnd = e.payload.on ?? e.occurredOn;
      }
    }
    // BRIEF § 8 Jobcenter share: denominator = persons whose benefits ended on recognition in the period;
    // numerator = those of them with an SGB II application within the window [local] before or after
    if (recognitionEnd) {
      counts.jcRecognised += 1;
      const earliest = addMonths(recognitionEnd, -params.jobcenterWindowMonths);
      const latest = addMonths(recognitionEnd, params.jobcenterWindowMonths);
      const applied = events.some(
        (e) =>
          e.type === 'SGB2ApplicationReceived' &&
          (e.payload.on ?? e.occurredOn) >= earliest &&
          (e.payload.on ?? e.occurredOn) <= latest,
      );
      if (applied) counts.jcApplied += 1;
    }
  }
  return { from, to, counts };
}

// ---------------------------------------------------------------- periods

export interface LagebildDates {
  stichtag: string;
  von: string;
  bis: string;
  /** the previous period of the same length, and the Stichtag as many days earlier */
  previous: { stichtag: string; von: string; bis: string };
  /** 12 month-end dates up to the Stichtag, oldest first (line chart) */
  months: string[];
}

export function daysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** the previous period of the same length (ending the day before von) and the trend's dates */
export function lagebildDates(stichtag: string, von: string, bis: string): LagebildDates {
  const length = daysInclusive(von, bis);
  return {
    stichtag,
    von,
    bis,
    previous: { stichtag: addDays(stichtag, -length), von: addDays(von, -length), bis: addDays(von, -1) },
    months: Array.from({ length: 12 }, (_, i) => addMonths(stichtag, i - 11)),
  };
}

// ---------------------------------------------------------------- suppression and trend

/** a count as shown: null and suppressed when above 0 and below the minimum */
export interface Cell {
  value: number | null;
  suppressed: boolean;
}

export type Trend = 'up' | 'down' | 'equal';

export interface Figure extends Cell {
  previous: number | null;
  previousSuppressed: boolean;
  /** null when either value is suppressed (the direction would tell about a suppressed cell) */
  trend: Trend | null;
}

/** primary suppression: 0 < n < minimum → suppressed (0 is shown: it singles nobody out) */
export function cell(n: number, min: number): Cell {
  return n > 0 && n < min ? { value: null, suppressed: true } : { value: n, suppressed: false };
}

/**
 * Secondary suppression for cells shown together with their total: if exactly one cell is suppressed,
 * total minus the others would give it back, so the smallest other non-zero cell is suppressed too.
 * (Zero cells stay shown: with two suppressed cells their split stays unknown.) With the total
 * suppressed every part is below the minimum as well.
 */
export function suppressPartition(parts: number[], total: number, min: number): Cell[] {
  const cells = parts.map((n) => cell(n, min));
  if (cell(total, min).suppressed)
    return parts.map((n) => (n === 0 ? cell(0, min) : { value: null, suppressed: true }));
  if (cells.filter((c) => c.suppressed).length === 1) {
    let pick = -1;
    parts.forEach((n, i) => {
      if (!cells[i].suppressed && n > 0 && (pick < 0 || n < parts[pick])) pick = i;
    });
    if (pick >= 0) cells[pick] = { value: null, suppressed: true };
  }
  return cells;
}

export function figure(current: Cell, previous: Cell): Figure {
  const trend =
    current.value === null || previous.value === null || current.suppressed || previous.suppressed
      ? null
      : current.value > previous.value
        ? 'up'
        : current.value < previous.value
          ? 'down'
          : 'equal';
  return {
    value: current.value,
    suppressed: current.suppressed,
    previous: previous.value,
    previousSuppressed: previous.suppressed,
    trend,
  };
}

/** a share in per cent with one decimal; null when a count is suppressed or the base is 0 */
export function percent(part: Cell, base: Cell): number | null {
  if (part.value === null || base.value === null || base.value === 0) return null;
  return Math.round((part.value / base.value) * 1000) / 10;
}

// ---------------------------------------------------------------- the Lagebild as shown

export interface RankedRow extends Figure {
  key: string;
  percent: number | null;
}

export interface LagebildFigures {
  stock: Record<StockKey, Figure>;
  flow: Record<FlowKey, Figure>;
  jobcenter: { applied: Figure; recognised: Figure; percent: number | null; windowMonths: number };
  ageGroups: { band: string; female: Figure; male: Figure; other: Figure }[];
  topCountries: { base: Figure; rows: RankedRow[] };
  topMunicipalities: { base: Figure; rows: RankedRow[] };
  months: {
    date: string;
    foreigners: Cell;
    asylumSeekers: Cell;
    duldung: Cell;
    civilWar: Cell;
    umaStock: Cell;
  }[];
}

/** the partitions shown with their total (secondary suppression applies within each) */
const STOCK_PARTITIONS: { total: StockKey; parts: StockKey[] }[] = [
  { total: 'foreigners', parts: ['foreignersEu', 'foreignersThirdCountry'] },
  { total: 'duldung', parts: ['duldung60a', 'duldung60b', 'duldung60c', 'duldung60d'] },
];

function stockCells(s: StockCounts, min: number): Record<StockKey, Cell> {
  const cells = Object.fromEntries(STOCK_KEYS.map((k) => [k, cell(s.counts[k], min)])) as Record<
    StockKey,
    Cell
  >;
  for (const p of STOCK_PARTITIONS) {
    const suppressed = suppressPartition(
      p.parts.map((k) => s.counts[k]),
      s.counts[p.total],
      min,
    );
    p.parts.forEach((k, i) => (cells[k] = suppressed[i]));
  }
  return cells;
}

function ageCells(s: StockCounts, min: number): Map<string, Record<SexGroup, Cell>> {
  const keys = [...s.ageGroups.entries()].flatMap(([band, bySex]) =>
    (['female', 'male', 'other'] as const).map((sex) => ({ band, sex, n: bySex[sex] })),
  );
  const cells = suppressPartition(
    keys.map((k) => k.n),
    s.counts.asylumSeekers,
    min,
  );
  const out = new Map<string, Record<SexGroup, Cell>>();
  keys.forEach((k, i) => {
    const row = out.get(k.band) ?? ({} as Record<SexGroup, Cell>);
    row[k.sex] = cells[i];
    out.set(k.band, row);
  });
  return out;
}

/**
 * Top 5 by count (ties by key) of the current date, with their previous value. Not-recorded keys ('')
 * are not ranked. The rest is not shown, so a suppressed row cannot be recomputed from the base.
 */
function ranked(
  current: Map<string, number>,
  previous: Map<string, number>,
  base: Figure,
  baseCell: Cell,
  min: number,
): RankedRow[] {
  return [...current.entries()]
    .filter(([key]) => key !== '')
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([key, n]) => {
      const c = baseCell.suppressed ? { value: null, suppressed: n > 0 } : cell(n, min);
      const f = figure(c, cell(previous.get(key) ?? 0, min));
      return { key, ...f, percent: percent(c, { value: base.value, suppressed: base.suppressed }) };
    });
}

/** the jobcenter share "n von m": n is also suppressed when m − n (the persons without application) is below the minimum */
export function jobcenterCells(
  applied: number,
  recognised: number,
  min: number,
): { applied: Cell; recognised: Cell } {
  const recognisedCell = cell(recognised, min);
  const rest = recognised - applied;
  const appliedCell =
    recognisedCell.suppressed || (rest > 0 && rest < min)
      ? applied === 0
        ? cell(0, min)
        : { value: null, suppressed: true }
      : cell(applied, min);
  return { applied: appliedCell, recognised: recognisedCell };
}

/** everything the Lagebild shows: suppressed counts, previous values and trends */
export function presentLagebild(
  current: { stock: StockCounts; flow: FlowCounts },
  previous: { stock: StockCounts; flow: FlowCounts },
  months: StockCounts[],
  params: LagebildParameters,
): LagebildFigures {
  const min = params.minCellCount;
  const sNow = stockCells(current.stock, min);
  const sPrev = stockCells(previous.stock, min);
  const stock = Object.fromEntries(STOCK_KEYS.map((k) => [k, figure(sNow[k], sPrev[k])])) as Record<
    StockKey,
    Figure
  >;
  const flow = Object.fromEntries(
    FLOW_KEYS.map((k) => [k, figure(cell(current.flow.counts[k], min), cell(previous.flow.counts[k], min))]),
  ) as Record<FlowKey, Figure>;
  const jcNow = jobcenterCells(current.flow.counts.jcApplied, current.flow.counts.jcRecognised, min);
  const jcPrev = jobcenterCells(previous.flow.counts.jcApplied, previous.flow.counts.jcRecognised, min);
  flow.jcApplied = figure(jcNow.applied, jcPrev.applied);
  flow.jcRecognised = figure(jcNow.recognised, jcPrev.recognised);
  const aNow = ageCells(current.stock, min);
  const aPrev = ageCells(previous.stock, min);
  const ageGroups = [...aNow.entries()].map(([band, row]) => ({
    band,
    female: figure(row.female, aPrev.get(band)!.female),
    male: figure(row.male, aPrev.get(band)!.male),
    other: figure(row.other, aPrev.get(band)!.other),
  }));
  const base = stock.foreigners;
  const baseCell = sNow.foreigners;
  return {
    stock,
    flow,
    jobcenter: {
      applied: flow.jcApplied,
      recognised: flow.jcRecognised,
      percent: percent(jcNow.applied, jcNow.recognised),
      windowMonths: params.jobcenterWindowMonths,
    },
    ageGroups,
    topCountries: {
      base,
      rows: ranked(current.stock.countries, previous.stock.countries, base, baseCell, min),
    },
    topMunicipalities: {
      base,
      rows: ranked(current.stock.municipalities, previous.stock.municipalities, base, baseCell, min),
    },
    months: months.map((m) => ({
      date: m.date,
      foreigners: cell(m.counts.foreigners, min),
      asylumSeekers: cell(m.counts.asylumSeekers, min),
      duldung: cell(m.counts.duldung, min),
      civilWar: cell(m.counts.civilWar, min),
      umaStock: cell(m.counts.umaStock, min),
    })),
  };
}

/** the whole computation for the dates: current and previous stock and flow, the 12 month-ends */
export function computeLagebild(
  snapshot: LagebildSnapshot,
  dates: LagebildDates,
  params: LagebildParameters,
): LagebildFigures {
  const prepared = prepareSnapshot(snapshot, params);
  const current = {
    stock: stockAt(prepared, dates.stichtag, params),
    flow: flowIn(snapshot, dates.von, dates.bis, params),
  };
  const previous = {
    stock: stockAt(prepared, dates.previous.stichtag, params),
    flow: flowIn(snapshot, dates.previous.von, dates.previous.bis, params),
  };
  const months = dates.months.map((d) =>
    d === dates.stichtag
      ? current.stock
      : d === dates.previous.stichtag
        ? previous.stock
        : stockAt(prepared, d, params),
  );
  return presentLagebild(current, previous, months, params);
}
