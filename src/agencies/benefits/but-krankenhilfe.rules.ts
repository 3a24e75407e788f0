/**
 * Bildung und Teilhabe and Krankenhilfe for AsylbLG recipients (BRIEF § 3 "BuT and Krankenhilfe"):
 * BuT under § 3 Abs. 4 AsylbLG (under § 2 AsylbLG by analogy) with §§ 34–34b SGB XII, Krankenhilfe under
 * § 4 AsylbLG and other indispensable needs under § 6 AsylbLG. Pure functions; amounts (integer cents)
 * come in as parameters.
 */
import type { BenefitReason } from './reason';

export type RequestType = 'BuT' | 'Krankenhilfe';
export type BenefitBasisInForce = '§2' | '§3';

export const BUT_ITEMS = [
  'schoolTrips',
  'schoolSupplies',
  'transport',
  'tutoring',
  'lunch',
  'participation',
] as const;
export type ButItem = (typeof BUT_ITEMS)[number];

export const TREATMENT_TYPES = ['acute', 'vaccination', 'checkup', 'pregnancy', 'dentures', 'other'] as const;
export type TreatmentType = (typeof TREATMENT_TYPES)[number];

/** § 34 Abs. 1 S. 1 SGB XII: pupils before their 25th birthday */
const PUPIL_AGE_LIMIT = 25;
/** § 34 Abs. 7 SGB XII: participation for persons before their 18th birthday */
const PARTICIPATION_AGE_LIMIT = 18;

/** one BuT item: its German label, the paragraph of § 34 SGB XII, once or monthly, how it is provided */
export const BUT_ITEM_TEXT: Record<
  ButItem,
  { label: string; section: string; monthly: boolean; provision: string }
> = {
  schoolTrips: {
    label: 'Schulausflüge und mehrtägige Klassenfahrten',
    section: '§ 34 Abs. 2',
    monthly: false,
    provision: 'Sach- oder Dienstleistung, insbesondere Direktzahlung an den Anbieter (§ 34a Abs. 2 SGB XII)',
  },
  schoolSupplies: {
    label: 'Ausstattung mit persönlichem Schulbedarf',
    section: '§ 34 Abs. 3 und 3a',
    monthly: false,
    provision: 'Geldleistung (§ 34a Abs. 2 SGB XII)',
  },
  transport: {
    label: 'Schülerbeförderung',
    section: '§ 34 Abs. 4',
    monthly: false,
    provision: 'Geldleistung (§ 34a Abs. 2 SGB XII)',
  },
  tutoring: {
    label: 'Lernförderung',
    section: '§ 34 Abs. 5',
    monthly: false,
    provision: 'Sach- oder Dienstleistung, insbesondere Direktzahlung an den Anbieter (§ 34a Abs. 2 SGB XII)',
  },
  lunch: {
    label: 'Gemeinschaftliche Mittagsverpflegung',
    section: '§ 34 Abs. 6',
    monthly: true,
    provision: 'Sach- oder Dienstleistung, insbesondere Direktzahlung an den Anbieter (§ 34a Abs. 2 SGB XII)',
  },
  participation: {
    label: 'Teilhabe am sozialen und kulturellen Leben in der Gemeinschaft',
    section: '§ 34 Abs. 7',
    monthly: true,
    provision: 'Sach- oder Dienstleistung, insbesondere Direktzahlung an den Anbieter (§ 34a Abs. 2 SGB XII)',
  },
};

export const TREATMENT_TEXT: Record<TreatmentType, { label: string; paragraph: string }> = {
  acute: {
    label: 'Behandlung einer akuten Erkrankung oder eines Schmerzzustands',
    paragraph: '§ 4 Abs. 1 S. 1 AsylbLG',
  },
  vaccination: { label: 'Schutzimpfung', paragraph: '§ 4 Abs. 1 S. 2 AsylbLG' },
  checkup: { label: 'Medizinisch gebotene Vorsorgeuntersuchung', paragraph: '§ 4 Abs. 1 S. 2 AsylbLG' },
  pregnancy: {
    label: 'Ärztliche und pflegerische Hilfe und Betreuung bei Schwangerschaft und Geburt, Hebammenhilfe',
    paragraph: '§ 4 Abs. 2 AsylbLG',
  },
  dentures: { label: 'Versorgung mit Zahnersatz', paragraph: '§ 4 Abs. 1 S. 3 AsylbLG' },
  other: {
    label: 'Sonstige zur Sicherung der Gesundheit unerlässliche Leistung',
    paragraph: '§ 6 Abs. 1 S. 1 AsylbLG',
  },
};

export interface ButRequestItem {
  item: ButItem;
  /** requested amount in cents (monthly for lunch and participation); school supplies take the parameter */
  amount: number;
}

export interface ButKrankenhilfeFacts {
  /** the day the request was received */
  onDate: string;
  /** the AsylbLG benefits in force for the person or their household; null if none */
  benefitBasis: BenefitBasisInForce | null;
  requestType: RequestType;
  // BuT (§ 34 SGB XII)
  age?: number | null;
  /** attends a general or vocational school (§ 34 Abs. 1 S. 1 SGB XII) */
  attendsSchool?: boolean;
  /** attends a day-care centre or child minder (§ 34 Abs. 2 S. 2, Abs. 6 S. 1 Nr. 2 SGB XII) */
  inDaycare?: boolean;
  /** receives a training allowance (excludes pupils, § 34 Abs. 1 S. 1 SGB XII) */
  receivesTrainingAllowance?: boolean;
  items?: ButRequestItem[];
  /** school supplies: the first (August) or the second (February) half of the school year */
  schoolHalfYear?: 'first' | 'second' | null;
  /** transport: the necessary costs are not covered by the free school transport of the district */
  transportNotCoveredOtherwise?: boolean;
  /** tutoring: the school confirms it is suitable and additionally needed to reach the learning goals */
  tutoringNeedConfirmed?: boolean;
  // Krankenhilfe (§§ 4, 6 AsylbLG)
  treatmentType?: TreatmentType | null;
  /** dentures are unavoidable for medical reasons in the individual case (§ 4 Abs. 1 S. 3) */
  denturesUnavoidable?: boolean;
  /** the need is indispensable to safeguard health in the individual case (§ 6 Abs. 1 S. 1) */
  otherIndispensable?: boolean;
}

export interface ButParams {
  /** § 34 Abs. 3 S. 1 Nr. 1 with Abs. 3a SGB XII: school supplies, first half of the school year (2026: 13000) */
  schoolSuppliesFirstHalf: number;
  /** § 34 Abs. 3 S. 1 Nr. 2 with Abs. 3a SGB XII: second half (2026: 6500) */
  schoolSuppliesSecondHalf: number;
  /** § 34 Abs. 7 SGB XII: participation, at most per month (1500) */
  participationMonthly: number;
}

export interface GrantedItem {
  item: ButItem;
  label: string;
  paragraph: string;
  /** cents; per month if monthly */
  amount: number;
  monthly: boolean;
  provision: string;
}

export interface RefusedItem {
  item: ButItem;
  label: string;
  text: string;
  paragraph: string;
}

export interface Treatment {
  type: TreatmentType;
  label: string;
  paragraph: string;
}

export interface ButKrankenhilfeDecision {
  decision: 'granted' | 'partly-granted' | 'refused';
  reasons: BenefitReason[];
  grantedItems: GrantedItem[];
  refusedItems: RefusedItem[];
  /** once-off items in cents */
  onceTotal: number;
  /** monthly items in cents */
  monthlyTotal: number;
  treatment: Treatment | null;
}

const refused = (reasons: BenefitReason[]): ButKrankenhilfeDecision => ({
  decision: 'refused',
  reasons,
  grantedItems: [],
  refusedItems: [],
  onceTotal: 0,
  monthlyTotal: 0,
  treatment: null,
});

/** the AsylbLG norm that opens §§ 34–34b SGB XII: § 3 Abs. 4 for Grundleistungen, § 2 Abs. 1 for Analogleistungen */
function butNorm(basis: BenefitBasisInForce, section: string): string {
  return basis === '§3'
    ? `§ 3 Abs. 4 AsylbLG i. V. m. ${section} SGB XII`
    : `§ 2 Abs. 1 AsylbLG i. V. m. ${section} SGB XII`;
}

/** decides a BuT or Krankenhilfe request of a person who receives AsylbLG benefits */
export function decideButKrankenhilfe(
  facts: ButKrankenhilfeFacts,
  params: ButParams,
): ButKrankenhilfeDecision {
  if (facts.benefitBasis === null) {
    return refused([
      {
        code: 'KEIN_LEISTUNGSBEZUG',
        text: 'Es besteht kein laufender Leistungsbezug nach dem AsylbLG; Bildung und Teilhabe sowie Krankenhilfe setzen ihn voraus',
        paragraph: '§ 1 Abs. 1 AsylbLG',
      },
    ]);
  }
  return facts.requestType === 'BuT'
    ? decideBut(facts, facts.benefitBasis, params)
    : decideKrankenhilfe(facts, facts.benefitBasis);
}

function decideBut(
  facts: ButKrankenhilfeFacts,
  basis: BenefitBasisInForce,
  params: ButParams,
): ButKrankenhilfeDecision {
  const items = facts.items ?? [];
  if (items.length === 0) {
    return refused([
      {
        code: 'KEINE_POSITION',
        text: 'Es wurde kein Bedarf für Bildung und Teilhabe geltend gemacht',
        paragraph: butNorm(basis, '§ 34 Abs. 1'),
      },
    ]);
  }
  const age = facts.age ?? null;
  const pupil =
    facts.attendsSchool === true &&
    age !== null &&
    age < PUPIL_AGE_LIMIT &&
    facts.receivesTrainingAllowance !== true;
  const pupilOrDaycare = pupil || facts.inDaycare === true;
  const granted: GrantedItem[] = [];
  const refusedItems: RefusedItem[] = [];
  const reasons: BenefitReason[] = [];

  for (const { item, amount } of items) {
    const meta = BUT_ITEM_TEXT[item];
    const paragraph = butNorm(basis, meta.section);
    const refuse = (code: string, text: string, para = paragraph): void => {
      refusedItems.push({ item, label: meta.label, text, paragraph: para });
      reasons.push({ code, text: `${meta.label}: ${text}`, paragraph: para });
    };
    const grant = (cents: number, text: string): void => {
      granted.push({
        item,
        label: meta.label,
        paragraph,
        amount: cents,
        monthly: meta.monthly,
        provision: meta.provision,
      });
      reasons.push({ code: `${item.toUpperCase()}_BEWILLIGT`, text: `${meta.label}: ${text}`, paragraph });
    };
    const notPupil = (): void =>
      refuse(
        'KEIN_SCHUELER',
        facts.receivesTrainingAllowance === true
          ? 'Wer eine Ausbildungsvergütung erhält, hat keinen Anspruch als Schülerin oder Schüler'
          : 'Anspruch haben nur Schülerinnen und Schüler unter 25 Jahren, die eine allgemein- oder berufsbildende Schule besuchen',
        butNorm(basis, '§ 34 Abs. 1 S. 1'),
      );

    switch (item) {
      case 'schoolTrips':
      case 'lunch':
        if (!pupilOrDaycare) {
          refuse(
            'KEIN_SCHUELER_ODER_KITAKIND',
            'Anspruch haben nur Schülerinnen und Schüler sowie Kinder in einer Kindertageseinrichtung oder Kindertagespflege',
          );
        } else if (amount <= 0) refuse('KEIN_BETRAG', 'Die Kosten sind nicht nachgewiesen');
        else
          grant(
            amount,
            item === 'lunch'
              ? 'Mehraufwendungen in tatsächlicher Höhe, ohne Eigenanteil'
              : 'Kosten in tatsächlicher Höhe',
          );
        break;
      case 'schoolSupplies':
        if (!pupil) notPupil();
        else if (facts.schoolHalfYear === 'second')
          grant(params.schoolSuppliesSecondHalf, 'Betrag für das zweite Schulhalbjahr');
        else grant(params.schoolSuppliesFirstHalf, 'Betrag für das erste Schulhalbjahr');
        break;
      case 'transport':
        if (!pupil) notPupil();
        else if (facts.transportNotCoveredOtherwise !== true)
          refuse(
            'BEFOERDERUNG_ANDERWEITIG_GEDECKT',
            'Die Kosten werden von der Schülerbeförderung des Landkreises oder von Dritten getragen',
          );
        else if (amount <= 0) refuse('KEIN_BETRAG', 'Die Kosten sind nicht nachgewiesen');
        else grant(amount, 'erforderliche tatsächliche Aufwendungen zur nächstgelegenen Schule');
        break;
      case 'tutoring':
        if (!pupil) notPupil();
        else if (facts.tutoringNeedConfirmed !== true)
          refuse(
            'LERNFOERDERUNG_NICHT_ERFORDERLICH',
            'Die Lernförderung ist nicht als geeignet und zusätzlich erforderlich bestätigt, um die wesentlichen Lernziele zu erreichen',
          );
        else if (amount <= 0) refuse('KEIN_BETRAG', 'Die Kosten sind nicht nachgewiesen');
        else grant(amount, 'geeignet und zusätzlich erforderlich');
        break;
      case 'participation':
        if (age === null || age >= PARTICIPATION_AGE_LIMIT)
          refuse(
            'NICHT_MINDERJAEHRIG',
            'Anspruch haben nur Personen, die das 18. Lebensjahr noch nicht vollendet haben',
          );
        else if (amount <= 0) refuse('KEIN_BETRAG', 'Die Kosten sind nicht nachgewiesen');
        else grant(Math.min(amount, params.participationMonthly), 'monatlich höchstens bis zum Pauschbetrag');
        break;
    }
  }
  const sum = (monthly: boolean): number =>
    granted.filter((g) => g.monthly === monthly).reduce((total, g) => total + g.amount, 0);
  return {
    decision: granted.length === 0 ? 'refused' : refusedItems.length === 0 ? 'granted' : 'partly-granted',
    reasons,
    grantedItems: granted,
    refusedItems,
    onceTotal: sum(false),
    monthlyTotal: sum(true),
    treatment: null,
  };
}

function decideKrankenhilfe(
  facts: ButKrankenhilfeFacts,
  basis: BenefitBasisInForce,
): ButKrankenhilfeDecision {
  if (basis === '§2') {
    return refused([
      {
        code: 'KRANKENKASSE',
        text: 'Bei Analogleistungen übernimmt die Krankenkasse die Krankenbehandlung (Gesundheitskarte); ein Behandlungsschein wird nicht ausgestellt',
        paragraph: '§ 2 Abs. 1 AsylbLG i. V. m. § 264 Abs. 2 SGB V',
      },
    ]);
  }
  const type = facts.treatmentType ?? null;
  if (type === null) {
    return refused([
      {
        code: 'KEINE_BEHANDLUNG',
        text: 'Es wurde keine Behandlung geltend gemacht',
        paragraph: '§ 4 Abs. 1 AsylbLG',
      },
    ]);
  }
  const treatment: Treatment = { type, ...TREATMENT_TEXT[type] };
  if (type === 'dentures' && facts.denturesUnavoidable !== true) {
    return refused([
      {
        code: 'ZAHNERSATZ_AUFSCHIEBBAR',
        text: 'Zahnersatz wird nur gewährt, soweit er im Einzelfall aus medizinischen Gründen unaufschiebbar ist; das ist nicht festgestellt',
        paragraph: '§ 4 Abs. 1 S. 3 AsylbLG',
      },
    ]);
  }
  if (type === 'other' && facts.otherIndispensable !== true) {
    return refused([
      {
        code: 'NICHT_UNERLAESSLICH',
        text: 'Sonstige Leistungen werden nur gewährt, wenn sie im Einzelfall zur Sicherung der Gesundheit unerlässlich sind; das ist nicht festgestellt',
        paragraph: '§ 6 Abs. 1 S. 1 AsylbLG',
      },
    ]);
  }
  const text: Record<TreatmentType, string> = {
    acute:
      'Akute Erkrankungen und Schmerzzustände werden ärztlich und zahnärztlich behandelt, einschließlich Arznei- und Verbandmitteln',
    vaccination: 'Schutzimpfungen werden zur Verhütung von Krankheiten erbracht',
    checkup: 'Medizinisch gebotene Vorsorgeuntersuchungen werden zur Früherkennung von Krankheiten erbracht',
    pregnancy:
      'Werdende Mütter und Wöchnerinnen erhalten ärztliche und pflegerische Hilfe und Betreuung, Hebammenhilfe, Arznei-, Verband- und Heilmittel',
    dentures: 'Zahnersatz ist im Einzelfall aus medizinischen Gründen unaufschiebbar',
    other: 'Die Leistung ist im Einzelfall zur Sicherung der Gesundheit unerlässlich',
  };
  return {
    decision: 'granted',
    reasons: [
      { code: `KRANKENHILFE_${type.toUpperCase()}`, text: text[type], paragraph: treatment.paragraph },
    ],
    grantedItems: [],
    refusedItems: [],
    onceTotal: 0,
    monthlyTotal: 0,
    treatment,
  };
}

/** a benefit event of the case file (cases.DomainEvent) as far as the benefit basis is concerned */
export interface BenefitEventFact {
  type: string;
  payload: Record<string, unknown>;
}

/**
 * The AsylbLG benefits in force from the benefit events in their order: BenefitStarted(basis) and
 * BenefitTypeChanged(to) set the basis, BenefitEnded ends it (null).
 */
export function benefitBasisInForce(events: BenefitEventFact[]): BenefitBasisInForce | null {
  let basis: BenefitBasisInForce | null = null;
  for (const e of events) {
    if (e.type === 'BenefitStarted') basis = e.payload.basis === '§2' ? '§2' : '§3';
    else if (e.type === 'BenefitTypeChanged') basis = e.payload.to === '§2' ? '§2' : '§3';
    else if (e.type === 'BenefitEnded') basis = null;
  }
  return basis;
}

/** the end of the calendar quarter of `date`: a Behandlungsschein is valid for the quarter of its issue */
export function endOfQuarter(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const lastMonth = Math.ceil(month / 3) * 3;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return `${year}-${String(lastMonth).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
}
