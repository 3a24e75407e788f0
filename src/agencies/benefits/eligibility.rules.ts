/**
 * Leistungsberechtigung nach § 1 AsylbLG (BRIEF § 3): the grounds of Abs. 1, the end of eligibility by
 * another residence title (Abs. 2) and at the end of the month in which a ground ceases (Abs. 3), and the
 * exclusion of Abs. 4 with its bridging benefits. Pure functions; periods come in as parameters.
 */
import { addDays, addMonths, endOfMonth, monthsBetween } from '../../common/calendar';
import type { BenefitReason } from './reason';

/** the residence situation as the ABH data match (§ 11 Abs. 3) reports it */
export interface EligibilityFacts {
  /** the date the authority became aware of the need (§ 6b with § 18 SGB XII) */
  onDate: string;
  /** type of the status episode in force (cases.StatusType) or null if none */
  statusType: string | null;
  /** its legal basis, e.g. "§ 25 Abs. 4 S. 1 AufenthG" */
  legalBasis?: string | null;
  /** validity of a residence title (Aufenthaltserlaubnis etc.) */
  validFrom?: string | null;
  validTo?: string | null;
  /** § 25 Abs. 5 AufenthG: date of the decision to suspend deportation */
  suspensionDecidedOn?: string | null;
  /** asylum request made at the border or in the airport procedure (§ 18a AsylG) */
  airportProcedure?: boolean;
  /** asylum request expressed, no Gestattung yet (Asylgesuch) */
  asylumRequested?: boolean;
  /** Folgeantrag (§ 71 AsylG) or Zweitantrag (§ 71a AsylG) filed */
  followUpApplication?: boolean;
  /** spouse, partner or minor child of an eligible person (§ 1 Abs. 1 Nr. 6) */
  familyMemberOfEligible?: boolean;
}

export interface EligibilityParams {
  /** § 1 Abs. 1 Nr. 3 Buchst. c: months since the suspension decision (18) */
  suspensionMonths: number;
  /** § 1 Abs. 2: total validity of another title that ends eligibility (more than 6 months) */
  otherTitleMonths: number;
}

export interface EligibilityDecision {
  eligible: boolean;
  /** the § 1 Abs. 1 ground, e.g. "§ 1 Abs. 1 Nr. 1 AsylbLG" */
  ground: string | null;
  reasons: BenefitReason[];
}

const normalise = (basis: string | null | undefined): string =>
  (basis ?? '').replace(/\s+/g, ' ').replace(/Satz/g, 'S.').trim();

/** § 1 Abs. 1 and 2 AsylbLG: is the person eligible on `onDate`? */
export function checkEligibility(facts: EligibilityFacts, params: EligibilityParams): EligibilityDecision {
  const yes = (code: string, text: string, paragraph: string): EligibilityDecision => ({
    eligible: true,
    ground: paragraph,
    reasons: [{ code, text, paragraph }],
  });
  const no = (code: string, text: string, paragraph: string): EligibilityDecision => ({
    eligible: false,
    ground: null,
    reasons: [{ code, text, paragraph }],
  });
  const basis = normalise(facts.legalBasis);

  switch (facts.statusType) {
    case 'Aufenthaltsgestattung':
      return yes('GESTATTUNG', 'Aufenthaltsgestattung nach dem AsylG', '§ 1 Abs. 1 Nr. 1 AsylbLG');
    case 'Ankunftsnachweis':
      return yes('ASYLGESUCH', 'Asylgesuch geäußert (Ankunftsnachweis)', '§ 1 Abs. 1 Nr. 1a AsylbLG');
    case 'Duldung §60a':
    case 'Duldung §60b':
    case 'Duldung §60c':
    case 'Duldung §60d':
      return yes('DULDUNG', 'Duldung nach § 60a AufenthG', '§ 1 Abs. 1 Nr. 4 AsylbLG');
    case 'Ausreisepflichtig':
      return yes('AUSREISEPFLICHT', 'Vollziehbar ausreisepflichtig', '§ 1 Abs. 1 Nr. 5 AsylbLG');
    case 'Aufenthaltserlaubnis':
    case 'Fiktionsbescheinigung': {
      if (/§ ?23 Abs\. ?1/.test(basis)) {
        return yes(
          'AE_23_1',
          'Aufenthaltserlaubnis wegen des Krieges im Heimatland (§ 23 Abs. 1 AufenthG)',
          '§ 1 Abs. 1 Nr. 3 Buchst. a AsylbLG',
        );
      }
      if (/§ ?25 Abs\. ?4 S\. ?1/.test(basis)) {
        return yes(
          'AE_25_4',
          'Aufenthaltserlaubnis nach § 25 Abs. 4 S. 1 AufenthG',
          '§ 1 Abs. 1 Nr. 3 Buchst. b AsylbLG',
        );
      }
      if (/§ ?25 Abs\. ?5/.test(basis)) {
        if (
          facts.suspensionDecidedOn &&
          monthsBetween(facts.suspensionDecidedOn, facts.onDate) < params.suspensionMonths
        ) {
          return yes(
            'AE_25_5',
            `Aufenthaltserlaubnis nach § 25 Abs. 5 AufenthG; die Entscheidung über die Aussetzung der Abschiebung liegt weniger als ${params.suspensionMonths} Monate zurück`,
            '§ 1 Abs. 1 Nr. 3 Buchst. c AsylbLG',
          );
        }
        return no(
          'AE_25_5_ALT',
          `Aufenthaltserlaubnis nach § 25 Abs. 5 AufenthG; die Aussetzungsentscheidung liegt ${params.suspensionMonths} Monate oder länger zurück oder ist nicht erfasst`,
          '§ 1 Abs. 1 Nr. 3 Buchst. c AsylbLG',
        );
      }
      if (
        facts.validFrom &&
        facts.validTo &&
        monthsBetween(facts.validFrom, addDays(facts.validTo, 1)) > params.otherTitleMonths
      ) {
        return no(
          'ANDERER_TITEL',
          `Anderer Aufenthaltstitel mit einer Geltungsdauer von insgesamt mehr als ${params.otherTitleMonths} Monaten (${basis || 'ohne Rechtsgrundlage'})`,
          '§ 1 Abs. 2 AsylbLG',
        );
      }
      break;
    }
    default:
      break;
  }
  if (facts.airportProcedure)
    return yes(
      'FLUGHAFEN',
      'Einreise über einen Flughafen im Flughafenverfahren',
      '§ 1 Abs. 1 Nr. 2 AsylbLG',
    );
  if (facts.asylumRequested) return yes('ASYLGESUCH', 'Asylgesuch geäußert', '§ 1 Abs. 1 Nr. 1a AsylbLG');
  if (facts.followUpApplication)
    return yes('FOLGEANTRAG', 'Folge- oder Zweitantrag gestellt', '§ 1 Abs. 1 Nr. 7 AsylbLG');
  if (facts.familyMemberOfEligible) {
    return yes(
      'FAMILIE',
      'Ehegatte, Lebenspartner oder minderjähriges Kind einer leistungsberechtigten Person',
      '§ 1 Abs. 1 Nr. 6 AsylbLG',
    );
  }
  return no(
    'KEIN_GRUND',
    `Kein Tatbestand des § 1 Abs. 1 AsylbLG erfüllt (Status: ${facts.statusType ?? 'nicht erfasst'}${basis ? `, ${basis}` : ''})`,
    '§ 1 Abs. 1 AsylbLG',
  );
}

/**
 * § 1 Abs. 3 AsylbLG: eligibility ends at the end of the month in which the ground ceases. For a BAMF
 * decision granting protection the working assumption of the brief [?] is that the ground ceases when the
 * decision becomes final: the period for legal action (§ 74 Abs. 1 AsylG, 2 weeks) after service.
 */
export function eligibilityEndOnRecognition(
  decisionServedOn: string,
  params: { finalAfterDays: number },
): { groundCeasesOn: string; endsOn: string; reasons: BenefitReason[] } {
  const groundCeasesOn = addDays(decisionServedOn, params.finalAfterDays);
  const endsOn = endOfMonth(groundCeasesOn);
  return {
    groundCeasesOn,
    endsOn,
    reasons: [
      {
        code: 'BESTANDSKRAFT',
        text: `Die Entscheidung des BAMF wird mit Ablauf der Klagefrist von ${params.finalAfterDays} Tagen bestandskräftig (Arbeitsannahme, zu prüfen).`,
        paragraph: '§ 74 Abs. 1 AsylG',
      },
      {
        code: 'MONATSENDE',
        text: 'Die Leistungsberechtigung endet mit Ablauf des Monats, in dem die Leistungsvoraussetzung entfällt.',
        paragraph: '§ 1 Abs. 3 AsylbLG',
      },
    ],
  };
}

export interface ExclusionFacts {
  onDate: string;
  enforceablyObligedToLeave: boolean;
  /** protection granted by another EU member state that still exists (§ 1 Abs. 4 S. 1 Nr. 1) */
  protectionInOtherEuState: boolean;
  /** application inadmissible under § 29 Abs. 1 Nr. 1 AsylG (Dublin) with a deportation order (§ 34a) (Nr. 2) */
  dublinInadmissibleWithDeportationOrder: boolean;
  /** departure is actually and legally possible */
  departurePossible: boolean;
  /** start dates of bridging benefits granted before */
  earlierBridgingStarts: string[];
}

export interface ExclusionParams {
  /** § 1 Abs. 4 S. 2: bridging benefits for at most this many days (14) */
  bridgingMaxDays: number;
  /** § 1 Abs. 4 S. 3: only once within this many months (24) */
  bridgingOncePerMonths: number;
}

export interface ExclusionDecision {
  excluded: boolean;
  /** bridging benefits in kind (Überbrückungsleistungen) from…to, or null */
  bridging: { from: string; to: string } | null;
  reasons: BenefitReason[];
}

/** § 1 Abs. 4 AsylbLG: exclusion from benefits with bridging benefits at most once within 2 years. */
export function checkExclusion(facts: ExclusionFacts, params: ExclusionParams): ExclusionDecision {
  const ground = facts.protectionInOtherEuState
    ? {
        code: 'SCHUTZ_EU',
        text: 'Internationaler Schutz in einem anderen EU-Mitgliedstaat besteht fort',
        paragraph: '§ 1 Abs. 4 S. 1 Nr. 1 AsylbLG',
      }
    : facts.dublinInadmissibleWithDeportationOrder
      ? {
          code: 'DUBLIN',
          text: 'Asylantrag nach der Dublin-Verordnung unzulässig, Abschiebung angeordnet',
          paragraph: '§ 1 Abs. 4 S. 1 Nr. 2 AsylbLG',
        }
      : null;
  if (!facts.enforceablyObligedToLeave || !ground) {
    return {
      excluded: false,
      bridging: null,
      reasons: [
        {
          code: 'KEIN_AUSSCHLUSS',
          text: 'Kein Leistungsausschluss nach § 1 Abs. 4 AsylbLG',
          paragraph: '§ 1 Abs. 4 AsylbLG',
        },
      ],
    };
  }
  if (!facts.departurePossible) {
    return {
      excluded: false,
      bridging: null,
      reasons: [
        {
          code: 'AUSREISE_UNMOEGLICH',
          text: 'Die Ausreise ist nicht möglich; kein Leistungsausschluss',
          paragraph: '§ 1 Abs. 4 S. 1 AsylbLG',
        },
      ],
    };
  }
  const windowStart = addMonths(facts.onDate, -params.bridgingOncePerMonths);
  const earlier = facts.earlierBridgingStarts.filter((d) => d > windowStart && d <= facts.onDate);
  const reasons: BenefitReason[] = [{ ...ground }];
  if (earlier.length > 0) {
    reasons.push({
      code: 'UEBERBRUECKUNG_VERBRAUCHT',
      text: `Überbrückungsleistungen wurden innerhalb von ${params.bridgingOncePerMonths} Monaten bereits gewährt (ab ${earlier[0]})`,
      paragraph: '§ 1 Abs. 4 S. 2 AsylbLG',
    });
    return { excluded: true, bridging: null, reasons };
  }
  const to = addDays(facts.onDate, params.bridgingMaxDays - 1);
  reasons.push({
    code: 'UEBERBRUECKUNG',
    text: `Überbrückungsleistungen (Sachleistungen) für höchstens ${params.bridgingMaxDays} Tage, einmal innerhalb von ${params.bridgingOncePerMonths} Monaten`,
    paragraph: '§ 1 Abs. 4 S. 2 AsylbLG',
  });
  return { excluded: true, bridging: { from: facts.onDate, to }, reasons };
}
