import { addDays, addMonths } from '../../common/calendar';
import type { Random } from './population';

/**
 * What the simulated caseworkers enter into the forms of the user tasks (forms/*.form), per process and
 * element: valid form data with plausible variation, so that the models take their different paths.
 * TasksService validates every submission against the form, exactly as for a real caseworker.
 */
export interface TaskContext {
  bpmnProcessId: string;
  elementId: string;
  variables: Record<string, unknown>;
  /** the engine's today (Europe/Berlin) */
  today: string;
  rng: Random;
  /** language name of the household ("Arabisch"), if known */
  languageName?: string;
  /** what the simulation decided for this case beforehand (e.g. a complaint's category) */
  plan?: Record<string, unknown>;
}

export type FormData = Record<string, unknown>;

const initials = ['SB1', 'SB2', 'SB3', 'MK', 'AB', 'JK', 'LS', 'TW'];
const reviewers = ['ZP', 'MK', 'AB', 'JK', 'LS', 'TW', 'RH'];

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function members(v: Record<string, unknown>): { role: string }[] {
  return Array.isArray(v.members) ? (v.members as { role: string }[]) : [];
}

type Filler = (c: TaskContext) => FormData;

const arrival: Record<string, Filler> = {
  Task_AzrAuskunftErfassen: ({ rng }) => ({
    azrNumber: String(rng.int(100000000000, 999999999999)),
    azrRecordFound: rng.chance(0.9),
    azrPersonalDataMatch: true,
    azrFurtherRecords: false,
    localDuplicateDecision: 'new-person',
  }),
  Task_KapazitaetSchaffen: () => ({
    capacityMeasure: 'rooms-added',
    capacityRecorded: true,
    capacityNote: 'Zusätzliche Zimmer in der Gemeinschaftsunterkunft bereitgestellt.',
  }),
  Task_UnterbringungBestaetigen: ({ today, variables }) => ({
    accommodationConfirmed: true,
    zastInformedOn: today,
    accommodationMunicipality:
      str((variables.accommodation as { municipality?: string } | undefined)?.municipality) ??
      str((variables.zuweisung as { municipality?: string } | undefined)?.municipality) ??
      'Weißenfels',
  }),
  Task_IdentitaetPruefen: ({ today, rng, variables }) => {
    const evidence = rng.weighted({
      passport: 45,
      'id-card': 20,
      'biometric-document': 5,
      'non-biometric-document': 10,
      none: 20,
    });
    const zuweisung = variables.zuweisung as
      { municipality?: string; persons?: { language?: string }[] } | undefined;
    return {
      identityEvidence: evidence,
      identityClarified: evidence !== 'none' && evidence !== 'non-biometric-document',
      statusDocumentNumber: `AG${rng.int(1000000, 9999999)}`,
      statusDocumentValidTo: addMonths(today, 6),
      wohnsitzauflage: zuweisung?.municipality ?? 'Burgenlandkreis',
      language: /^[a-z]{2,3}$/.test(zuweisung?.persons?.[0]?.language ?? '')
        ? zuweisung?.persons?.[0]?.language
        : 'ar',
      vulnerabilities: [],
      azrUpdated: true,
    };
  },
  Task_Erstgespraech: ({ today, rng, variables, languageName }) => {
    const children = members(variables).filter((m) => m.role === 'child').length;
    const school = Math.min(children, rng.int(0, children));
    return {
      firstTalkOn: today,
      languageMediatorPresent: rng.chance(0.8),
      talkLanguage: languageName ?? 'Arabisch',
      consentSigned: true,
      schoolAgeChildren: school,
      kitaAgeChildren: Math.max(0, Math.min(children - school, rng.int(0, 1))),
      languageCourseNeeded: rng.chance(0.85),
      counsellingNeeded: rng.chance(0.3),
    };
  },
  Task_BildungVermitteln: ({ rng }) => ({
    schoolRegistrationDone: true,
    kitaReferralDone: rng.chance(0.7),
    courseReferral: rng.weighted({
      integrationskurs: 55,
      erstorientierung: 20,
      berufssprachkurs: 10,
      vhs: 10,
      none: 5,
    }),
  }),
  Task_Profiling: ({ today, rng }) => {
    const placement = rng.weighted({
      none: 70,
      'employment subject to social insurance': 18,
      training: 8,
      other: 4,
    });
    return {
      profilingOn: today,
      highestQualification: rng.weighted({
        none: 15,
        school: 40,
        vocational: 25,
        university: 12,
        unknown: 8,
      }),
      germanLevel: rng.weighted({ A0: 35, A1: 40, A2: 15, B1: 8, B2: 2 }),
      workPermitApplicationRecommended: rng.chance(0.6),
      placementType: placement,
      ...(placement !== 'none' ? { placementStart: addDays(today, rng.int(14, 90)) } : {}),
    };
  },
  Task_IntegrationsplanErstellen: ({ today, rng }) => ({
    integrationGoals: rng.pick([
      'Deutsch A2, Schulbesuch der Kinder, Orientierung im Landkreis',
      'Deutsch B1 und Einstieg in Ausbildung oder Arbeit',
      'Integrationskurs abschließen, Anerkennung des Berufsabschlusses prüfen',
    ]),
    integrationMeasures: rng.pick([
      'Integrationskurs an der vhs, Schulanmeldung, Beratung durch IvAF',
      'Erstorientierungskurs, Sprachcafé, Vermittlung an den Kreissportbund',
      'Berufssprachkurs, Praktikum über IvAF, Kita-Platz',
    ]),
    ksbReferral: rng.chance(0.25),
    integrationPlanAgreedOn: today,
  }),
};

const uma: Record<string, Filler> = {
  Task_AlterFeststellen: ({ variables }) => {
    const dob = str(
      (variables.zuweisung as { persons?: { dateOfBirth?: string }[] } | undefined)?.persons?.[0]
        ?.dateOfBirth,
    );
    return {
      idPapersPresented: true,
      idPapersConclusive: true,
      idPapersShowMinor: true,
      ...(dob ? { ageAssessedDateOfBirth: dob } : {}),
    };
  },
  Task_Screening: ({ today, rng }) => ({
    welfareEndangeredByDistribution: rng.chance(0.1),
    healthPreventsDistribution: false,
    relativeReunificationSoon: rng.chance(0.05),
    siblingsTogether: false,
    screeningDoneOn: today,
  }),
  Task_VormundAnregen: ({ today }) => ({
    familyCourtRequestedOn: today,
    familyCourt: 'Amtsgericht Naumburg',
    asylumApplicationNeeded: true,
    asylumApplicationFiledOn: today,
    identificationMeasuresNeeded: false,
  }),
  Task_Hilfeplan: ({ today, rng }) => ({
    carePlanOn: today,
    placement: rng.weighted({ 'group-home': 60, 'foster-family': 15, 'assisted-living': 20, relatives: 5 }),
    abhInformed: true,
    bkInformed: true,
    carePlanGoals: 'Schulbesuch, Deutschkurs, Clearing abgeschlossen',
  }),
  Task_Uebergabe: ({ today }) => ({
    handoverOn: today,
    receivingYouthOffice: 'Jugendamt des aufnehmenden Landes',
    handoverEscorted: true,
  }),
};

const benefits: Record<string, Filler> = {
  Task_DatenErfassen: ({ today, rng, variables }) => {
    const flat = (variables.accommodation as { kind?: string } | undefined)?.kind === 'flat';
    const working = rng.chance(0.06);
    return {
      recordedBy: rng.pick(initials.slice(0, 3)),
      needKnownOn: str(variables.needKnownOn) ?? str(variables.arrivedOn) ?? today,
      accommodationType: flat ? 'Wohnung' : 'GU',
      partnerInHousehold: members(variables).some((m) => m.role === 'spouse'),
      earnedIncomeGross: working ? 620 : 0,
      earnedIncomeNet: working ? 520 : 0,
      otherIncome: 0,
      assets: rng.int(0, 180),
      housingCosts: flat ? rng.int(300, 520) : 0,
      paymentCardId: `BK-ST-${String(rng.int(1, 999999)).padStart(6, '0')}`,
      reductionGround: 'none',
      significantInterruption: false,
      abuseFound: false,
      receivedAnalogOnCutoff: false,
    };
  },
  Task_Freigeben: ({ rng }) =>
    rng.chance(0.04)
      ? { approvedBy: 'ZP2', approvalDecision: 'returned', approvalNote: 'Bitte Unterkunftskosten belegen.' }
      : { approvedBy: rng.pick(['ZP2', 'ZP3']), approvalDecision: 'approved' },
  Task_SGB2Antrag: ({ today, rng }) => {
    const on = addDays(today, rng.int(0, 5));
    return { jcAppointmentOn: on, sgb2ApplicationReceivedOn: on };
  },
};

const butKrankenhilfe: Record<string, Filler> = {
  Task_AntragErfassen: ({ today, rng, variables }) => {
    const type = str(variables.requestType) ?? 'Krankenhilfe';
    if (type === 'BuT') {
      const item = rng.weighted({
        schoolSupplies: 45,
        schoolTrips: 15,
        lunch: 20,
        participation: 15,
        tutoring: 5,
      });
      return {
        recordedBy: rng.pick(initials.slice(0, 3)),
        requestType: 'BuT',
        requestReceivedOn: today,
        attendsSchool: true,
        inDaycare: false,
        receivesTrainingAllowance: false,
        butItems: [item],
        ...(item === 'schoolSupplies' ? { schoolHalfYear: rng.chance(0.65) ? 'first' : 'second' } : {}),
        ...(item === 'schoolTrips' ? { schoolTripsAmount: rng.int(25, 320) } : {}),
        ...(item === 'lunch' ? { lunchAmount: rng.int(40, 75) } : {}),
        ...(item === 'participation' ? { participationAmount: 15 } : {}),
        ...(item === 'tutoring' ? { tutoringAmount: rng.int(60, 150), tutoringNeedConfirmed: true } : {}),
      };
    }
    const treatment = rng.weighted({
      acute: 70,
      vaccination: 8,
      checkup: 8,
      pregnancy: 6,
      dentures: 4,
      other: 4,
    });
    return {
      recordedBy: rng.pick(initials.slice(0, 3)),
      requestType: 'Krankenhilfe',
      requestReceivedOn: today,
      treatmentType: treatment,
      ...(treatment === 'other' ? { otherIndispensable: rng.chance(0.7) } : {}),
      ...(treatment === 'dentures' ? { denturesUnavoidable: rng.chance(0.4) } : {}),
      practiceName: rng.pick([
        'Hausarztpraxis Am Markt, Zeitz',
        'Gemeinschaftspraxis Weißenfels-Nord',
        'Hausarztpraxis Domplatz, Naumburg (Saale)',
        'Praxis für Allgemeinmedizin, Hohenmölsen',
      ]),
    };
  },
  Task_Freigeben: ({ rng }) => ({ approvedBy: rng.pick(['ZP2', 'ZP3']), approvalDecision: 'approved' }),
};

const complaints: Record<string, Filler> = {
  Task_BeschwerdeRegistrieren: ({ rng, variables, plan }) => {
    const seed = (plan ?? {}) as {
      category?: string;
      unit?: string;
      anonymous?: boolean;
      replyName?: string;
      municipality?: string;
    };
    const category = seed.category ?? 'service';
    return {
      channel: str(variables.channel) ?? 'letter',
      language: rng.weighted({ Deutsch: 60, Arabisch: 15, Englisch: 10, Dari: 8, Türkisch: 7 }),
      category,
      unitConcerned: seed.unit ?? 'ABH',
      anonymous: Boolean(seed.anonymous),
      ...(seed.anonymous
        ? {}
        : {
            replyName: seed.replyName ?? 'Unbekannt',
            replyAddress: `Postfach ${rng.int(100, 999)}\n${seed.municipality ?? 'Weißenfels'}`,
          }),
      subject: SUBJECTS[category] ? rng.pick(SUBJECTS[category]) : 'Anliegen zur Bearbeitung',
    };
  },
  Task_Einordnen: ({ rng, variables, plan }) => {
    const category = str(variables.category) ?? str(plan?.category);
    if (category === 'praise') return { complaintRoute: 'praise' };
    if (category === 'decision' && rng.chance(0.25)) return { complaintRoute: 'legal-remedy' };
    if (rng.chance(0.06)) return { complaintRoute: 'other-authority' };
    return { complaintRoute: 'internal' };
  },
  Task_Schutzmassnahmen: ({ today, rng }) => ({
    protectiveSteps: [rng.pick(['relocation', 'counselling', 'contact-ban', 'staff-withdrawn'])],
    protectiveStepsOn: today,
  }),
  Task_AlsWiderspruchWeiterleiten: ({ today, variables }) => ({
    forwardedTo: str(variables.unitConcerned) ?? 'ABH',
    forwardedOn: today,
    receiptDateKept: true,
  }),
  Task_AnBehoerdeWeiterleiten: ({ today, rng }) => {
    const to = rng.weighted({ BAMF: 60, ZASt: 25, BA: 15 });
    const names: Record<string, string> = {
      BAMF: 'Bundesamt für Migration und Flüchtlinge',
      ZASt: 'Zentrale Anlaufstelle für Asylbewerber Halberstadt',
      BA: 'Agentur für Arbeit Weißenfels',
    };
    return { forwardedTo: to, forwardedToName: names[to], forwardedOn: today, complainantInformed: true };
  },
  Task_Stellungnahme: ({ today, rng }) => ({
    statement: rng.pick([
      'Der Vorgang wurde geprüft; die Bearbeitung verzögerte sich wegen Personalausfall.',
      'Die Entscheidung entspricht der Rechtslage; die Begründung wird ausführlicher erläutert.',
      'Das Gespräch mit den Beteiligten hat stattgefunden; der Ablauf wird angepasst.',
    ]),
    statementGivenOn: today,
  }),
  Task_AnLeitungEskalieren: ({ today, rng }) => ({
    escalatedTo: rng.chance(0.7) ? 'line-manager' : 'agency-head',
    escalatedOn: today,
  }),
  Task_MassnahmenEntscheiden: ({ rng }) => {
    const outcome = rng.weighted({ justified: 25, 'partly justified': 30, unfounded: 45 });
    return {
      measuresDecidedBy: rng.weighted({ 'unit-head': 70, 'line-manager': 20, 'agency-head': 10 }),
      complaintOutcome: outcome,
      measures: outcome === 'unfounded' ? '' : 'Ablauf besprochen, Hinweise an das Team weitergegeben.',
      replyText:
        outcome === 'unfounded'
          ? 'Wir haben Ihr Anliegen geprüft; das Vorgehen entsprach den Vorgaben.'
          : 'Vielen Dank für Ihren Hinweis; wir haben Maßnahmen ergriffen.',
    };
  },
  Task_ErgebnisErfassen: ({ rng }) => ({ measuresImplemented: rng.chance(0.9) }),
};

const SUBJECTS: Record<string, string[]> = {
  service: ['Lange Wartezeit ohne Dolmetscher', 'Telefonisch nicht erreichbar', 'Termin mehrfach verschoben'],
  decision: ['Leistungskürzung nicht nachvollziehbar', 'Bescheid ohne verständliche Begründung'],
  accommodation: [
    'Heizung in der Unterkunft defekt',
    'Schimmel im Zimmer',
    'Lärm in der Gemeinschaftsunterkunft',
  ],
  'staff-conduct': ['Unfreundlicher Umgang am Schalter', 'Respektloser Ton im Gespräch'],
  discrimination: ['Herabwürdigende Bemerkung wegen der Herkunft', 'Bedrohung in der Unterkunft'],
  praise: ['Dank für die schnelle Hilfe', 'Lob für die Beratung im Eingangsbereich'],
};

const returns: Record<string, Filler> = {
  Task_PersonBelehren: ({ today, rng, languageName }) => ({
    instructedOn: today,
    instructionLanguage: languageName ?? 'Arabisch',
    interpreterPresent: rng.chance(0.85),
    documentsHandedOver: true,
    returnProgrammesNoticeGiven: true,
  }),
  Task_Rueckkehrberatung: ({ today, rng }) => {
    const programme = rng.weighted({
      'reag-garp': 60,
      'reag-garp-starthilfeplus': 15,
      'other-programme': 5,
      'self-funded': 20,
    });
    const filed = programme !== 'self-funded';
    return {
      counsellingDate: today,
      returnProgramme: programme,
      travelDocumentStatus: rng.weighted({
        'valid-passport': 60,
        'expired-passport': 20,
        'passport-substitute': 15,
        none: 5,
      }),
      returnProgrammeApplicationFiled: filed,
      ...(filed ? { returnProgrammeWarningAcknowledged: true } : {}),
      travellingAdults: 1,
      travellingMinors: 0,
    };
  },
  Task_HindernissePruefen: ({ rng, variables, plan: p }) => {
    const plan = (p ?? {}) as { obstacle?: boolean; ownFault?: boolean };
    const recheck = variables.duldungStatusType !== undefined || variables.reviewOutcome !== undefined;
    if (recheck) {
      return {
        obstacleCodes: ['document'],
        ownFault: Boolean(plan.ownFault),
        ...(plan.ownFault
          ? { faultReason: 'Passbeschaffung bisher unzureichend', cooperationFulfilled: rng.chance(0.5) }
          : {}),
        urgentHumanitarianReasons: false,
      };
    }
    if (!plan.obstacle) return { obstacleCodes: [], ownFault: false, urgentHumanitarianReasons: false };
    const code = rng.weighted({ document: 55, medical: 15, family: 15, legal: 10, transport: 5 });
    return {
      obstacleCodes: [code],
      obstacleEvidence: 'Nachweise liegen der Akte bei.',
      ...(code === 'medical' ? { qualifiedMedicalCertificate: true } : {}),
      ownFault: Boolean(plan.ownFault) && code === 'document',
      ...(plan.ownFault && code === 'document'
        ? { faultReason: 'Keine Vorsprache bei der Botschaft trotz Aufforderung' }
        : {}),
      urgentHumanitarianReasons: false,
      removalMeasuresPending: false,
      workBan60a6: false,
    };
  },
  Task_DuldungEntscheiden: ({ today, rng, variables }) => {
    const light = variables.duldungStatusType === 'Duldung §60b';
    return {
      duldungValidFrom: today,
      duldungValidTo: addMonths(today, rng.pick([3, 6, 6])),
      duldungWorkAllowed: !light && rng.chance(0.6),
      duldungWohnsitzauflage: str((variables as { municipality?: string }).municipality) ?? 'Burgenlandkreis',
      passportActions: light ? ['embassy-appointment', 'photos'] : [],
      ...(light ? { cooperationDeadline: addDays(today, 28) } : {}),
    };
  },
  Task_Wiedervorlage: ({ rng }) => {
    const outcome = rng.weighted({ continue: 60, perspective: 28, enforce: 12 });
    return outcome === 'perspective'
      ? {
          reviewOutcome: outcome,
          perspectiveBasis: rng.weighted({ '60d': 30, '60c': 20, '25b': 25, '25a': 15, '25-5': 10 }),
        }
      : { reviewOutcome: outcome };
  },
  Task_AZRErfassen: ({ today, rng, variables }) => ({
    azrReportedOn: today,
    azrReference: `AZR-${rng.int(1000, 999999)}`,
    ...(variables.returnOutcome === 'absconded' ? { tracingAlertIssued: true } : {}),
  }),
};

const enforcement: Record<string, Filler> = {
  Task_AbschiebungVorbereiten: ({ today, rng }) => ({
    plannedRemovalDate: addDays(today, rng.int(14, 45)),
    fitnessToTravelChecked: true,
    transportBooked: true,
    unaccompaniedMinor: false,
    duldungRevoked: false,
    detentionApplication: rng.weighted({ none: 85, ausreisegewahrsam: 10, sicherungshaft: 5 }),
  }),
};

const employment: Record<string, Filler> = {
  Task_AntragErfassen: ({ today, rng, plan: p }) => {
    const plan = (p ?? {}) as { entryDate?: string; identityClarifiedOn?: string };
    const docsComplete = rng.chance(0.75);
    return {
      entryDate: plan.entryDate ?? addMonths(today, -60),
      identityEvidence: 'passport',
      identityClarifiedOn: plan.identityClarifiedOn ?? addMonths(today, -30),
      identityAllStepsTaken: false,
      identityDelayNotAttributable: false,
      workBan: false,
      employerName: rng.pick([
        'Muster Logistik GmbH',
        'Saale-Bau GmbH',
        'Pflegedienst Unstrut',
        'Fleischwerk Weißenfels GmbH',
      ]),
      contractType: rng.chance(0.6) ? 'permanent' : 'fixed-term',
      employmentSince: addMonths(today, -rng.int(8, 30)),
      weeklyHours: rng.pick([20, 25, 30, 38, 40]),
      subjectToSocialInsurance: true,
      employmentInterruptionDays: 0,
      germanOralLevel: rng.weighted({ A1: 20, A2: 50, B1: 25, B2: 5 }),
      germanCertificateDate: addMonths(today, -rng.int(2, 24)),
      integrationCourseObliged: false,
      bzrReceivedOn: today,
      bzrApplicantConvictions: rng.chance(0.08) ? 1 : 0,
      bzrApplicantForeignerOffencesOnly: false,
      bzrApplicantFineOnly: true,
      bzrApplicantMaxTagessaetze: 30,
      extremistLinks: false,
      expulsionOrder: false,
      removalOrder58a: false,
      schoolAgeChildren: 0,
      docEmploymentContract: true,
      docPayslips: docsComplete,
      docSocialInsurance: true,
      docIdentity: true,
      docLanguageCertificate: true,
    };
  },
  Task_UnterlagenNachfordern: ({ today, rng }) => ({
    documentsRequestedOn: today,
    docEmploymentContract: true,
    docPayslips: rng.chance(0.8),
    docSocialInsurance: true,
    docIdentity: true,
    docLanguageCertificate: true,
  }),
  Task_LebensunterhaltPruefen: ({ rng, variables }) => {
    const secured = rng.chance(0.8);
    const income = secured ? rng.int(1300, 2100) : rng.int(600, 1000);
    return {
      ...Object.fromEntries(
        Array.from({ length: 12 }, (_, i) => [`netIncomeMonth${String(i + 1).padStart(2, '0')}`, income]),
      ),
      currentNetIncome: income,
      monthlyNeed: 1150,
      benefitsReceivedLast12Months: Boolean(variables.benefitsReceivedLast12Months) || !secured,
    };
  },
  Task_Entscheiden: ({ rng, variables }) => {
    const heard = variables.hearingHeld === true;
    const discretion = variables.checkDecision === 'discretion';
    const decision = heard ? (rng.chance(0.85) ? 'refuse' : 'grant') : 'grant';
    return {
      ...(discretion
        ? { discretionReasoning: 'Alle zumutbaren Schritte zur Identitätsklärung wurden unternommen.' }
        : {}),
      ...(heard ? { statementReceived: rng.chance(0.4) } : {}),
      ...(heard ? { statementSummary: 'Die Stellungnahme bringt keine neuen Tatsachen vor.' } : {}),
      decision,
      decisionReasoning:
        decision === 'grant'
          ? 'Alle Voraussetzungen des § 60d Abs. 1 AufenthG liegen vor.'
          : 'Die Voraussetzungen liegen auch nach der Anhörung nicht vor.',
      secondReviewer: rng.pick(reviewers),
      fourEyesConfirmed: true,
    };
  },
};

const training: Record<string, Filler> = {
  Task_AntragsdatenErfassen: ({ today, rng, plan }) => {
    const p = (plan ?? {}) as { identityClarifiedOn?: string };
    const start = addMonths(today, rng.int(1, 5));
    const occupation = rng.pick([
      ['Anlagenmechaniker für Sanitär-, Heizungs- und Klimatechnik', 'HWK', 42],
      ['Pflegefachmann', 'other', 36],
      ['Fachkraft für Lagerlogistik', 'IHK', 36],
      ['Koch', 'IHK', 36],
      ['Elektroniker für Energie- und Gebäudetechnik', 'HWK', 42],
    ] as const);
    return {
      applicationDate: today,
      occupation: occupation[0],
      trainingType: 'company',
      stateRecognised: true,
      regularDurationMonths: occupation[2],
      trainingStart: start,
      trainingEnd: addDays(addMonths(start, 36), -1),
      trainingProvider: rng.pick([
        'Muster Haustechnik GmbH',
        'Klinikum Burgenlandkreis',
        'Saale-Logistik GmbH',
        'Gasthof Zur Unstrut',
      ]),
      trainingProviderAddress: 'Industriestraße 4\n06618 Naumburg (Saale)',
      chamber: occupation[1],
      ...(occupation[1] !== 'other'
        ? {
            chamberRegistrationNumber: `${occupation[1]} ${today.slice(0, 4)}/${rng.int(100, 9999)}`,
            chamberRegistrationAppliedOn: today,
          }
        : {}),
      caseType: 'nr2',
      enteredToObtainBenefits: false,
      removalBlockedByOwnFault: rng.chance(0.1),
      withdrawalAfterCounselling: false,
      umaChildInterest: false,
      toleratedOnCutoffWithoutApplication: false,
      identityEvidence: 'passport',
      identityClarifiedOn: p.identityClarifiedOn ?? addMonths(today, -12),
      allReasonableStepsInTime: false,
      delayNotOwnFault: false,
      residencePermitWanted: false,
    };
  },
  Task_RegisterauskuenfteErfassen: ({ today, rng, plan }) => {
    const p = (plan ?? {}) as { entryDate?: string; duldungSince?: string };
    const entryDate = p.entryDate ?? addMonths(today, -36);
    const outcomeDate = addMonths(entryDate, 14) < today ? addMonths(entryDate, 14) : addDays(today, -30);
    return {
      entryDate,
      duldungSince: p.duldungSince ?? addMonths(today, -12),
      duldung60bDays: 0,
      asylumOutcome: 'rejected',
      asylumApplicationDate: addDays(entryDate, 10),
      asylumOutcomeDate: outcomeDate,
      bzrIntentionalConviction: rng.chance(0.05),
      bzrOnlyFines: true,
      bzrFinesTotal: 30,
      bzrFinesForeignerOnly: 0,
      extremistLinks: false,
      expulsionOrder: false,
      removalOrder58a: false,
      obviousAbuse: false,
    };
  },
  Task_ErmessenAusueben: ({ rng }) => ({
    identityDiscretion: rng.chance(0.7) ? 'grant' : 'refuse',
    identityDiscretionReason:
      'Alle zumutbaren Schritte zur Identitätsklärung wurden rechtzeitig unternommen.',
  }),
  Task_StellungnahmeAuswerten: ({ today, rng }) => {
    const received = rng.chance(0.4);
    return {
      statementReceived: received,
      ...(received
        ? {
            statementReceivedOn: today,
            statementSummary: 'Die Stellungnahme bringt keine neuen Tatsachen vor.',
          }
        : {}),
      hearingAssessment: 'Die Gründe für die Ablehnung bestehen fort.',
    };
  },
  Task_EntscheidungTreffen: ({ rng, variables }) => {
    const heard = variables.hearingAssessment !== undefined;
    const decision = heard && rng.chance(0.8) ? 'refuse' : 'grant';
    return {
      decision,
      decisionReason:
        decision === 'grant'
          ? 'Alle Voraussetzungen liegen vor; keine Ausschlussgründe.'
          : 'Die Voraussetzungen liegen auch nach der Anhörung nicht vor.',
      secondReviewer: rng.pick(reviewers),
    };
  },
  Task_WeiterbeschaeftigungKlaeren: ({ rng }) => ({
    keptOnByCompany: rng.chance(0.7),
    employmentMatchesQualification: true,
    germanB1: rng.chance(0.8),
    adequateHousing: true,
  }),
};

const FILLERS: Record<string, Record<string, Filler>> = {
  'arrival-reception': arrival,
  'uma-reception': uma,
  'asylblg-benefits': benefits,
  'asylblg-but-krankenhilfe': butKrankenhilfe,
  'complaint-management': complaints,
  'return-management': returns,
  'return-enforcement': enforcement,
  'employment-toleration': employment,
  'training-toleration': training,
  'training-toleration-check': training,
};

/** the form data a caseworker enters for this task, or undefined when the seed knows no answer */
export function caseworkerFormData(c: TaskContext): FormData | undefined {
  return FILLERS[c.bpmnProcessId]?.[c.elementId]?.(c);
}

export function supportedProcesses(): string[] {
  return Object.keys(FILLERS);
}
