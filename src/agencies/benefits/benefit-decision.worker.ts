import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CasesService, type Person } from '../../cases';
import { ageOn, berlinMidnight } from '../../common/calendar';
import { DeadlinesService } from '../../deadlines/deadlines.service';
import { ClockService } from '../../engine/clock.service';
import { toVariables } from '../../engine/job-variables';
import { JobWorker } from '../../engine/job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT } from '../../engine/zeebe.types';
import { ParametersService } from '../../parameters';
import { AsylbLGRate } from './asylblg-rate.entity';
import {
  ABUSE_REASONS,
  determineBenefitBasis,
  type AbuseReason,
  type BenefitBasis,
} from './benefit-basis.rules';
import {
  calculateBenefits,
  RateUnknownError,
  type CalculationMember,
  type RateRow,
} from './benefit-calculation.rules';
import {
  calculationSummary,
  toCents,
  type BenefitJob,
  type BenefitVariables,
  type CalculatedMember,
  type MemberBasis,
  type ReductionState,
} from './benefit-variables';
import type { BenefitReason } from './reason';
import { checkEligibility, checkExclusion } from './eligibility.rules';
import { needsLevel } from './needs-level.rules';
import { decideReduction, isReductionGround, reviewReduction } from './reduction.rules';
import { nextReview } from './review-schedule.rules';

const ADULT_AGE = 18;

/**
 * The variables of a refusal (BPMN error NOT_ELIGIBLE, mapped out by the boundary event): the reasons for
 * the Ablehnungsbescheid and a German summary for the four-eyes approval (form lg-benefits-approval).
 */
function refusal(
  reasons: BenefitReason[],
  bridging: { from: string; to: string } | null,
): Pick<BenefitVariables, 'refusalReasons' | 'bridging' | 'refusalSummary'> {
  const german = (iso: string): string => iso.split('-').reverse().join('.');
  const lines = [
    'Ablehnung der Leistungen nach dem AsylbLG. Gründe:',
    ...reasons.map((r) => `– ${r.text} (${r.paragraph})`),
  ];
  if (bridging)
    lines.push(
      `Überbrückungsleistungen als Sachleistungen vom ${german(bridging.from)} bis ${german(bridging.to)} (§ 1 Abs. 4 S. 2 AsylbLG)`,
    );
  return { refusalReasons: reasons, bridging, refusalSummary: lines.join('\n') };
}

/**
 * LG: the decision steps of process asylblg-benefits — ABH data match (§ 11 Abs. 3 AsylbLG),
 * eligibility (§ 1, § 1 Abs. 4, § 1a), the § 2 gateway and the calculation. Each loads the facts, runs
 * the pure rule with its parameters and completes the job with the decision and its reasons.
 */
@Injectable()
export class BenefitDecisionWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly parameters: ParametersService,
    private readonly clock: ClockService,
    private readonly em: EntityManager,
    private readonly deadlines: DeadlinesService,
  ) {}

  /** the case file's status data (the ABH's) on the assessment date: the need date first, today on a re-check */
  @JobWorker('lg-match-abh-data')
  async matchAbhData(job: BenefitJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const assessedOn = v.grant ? await this.clock.today() : v.needKnownOn;
    const person = await this.cases.getPerson(v.personId);
    // the case file lists this benefit case (also when a caseworker started it, not the arrival process)
    await this.cases.linkProcess(v.personId, {
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      caseId: person.fileNumber,
    });
    const inForce = await this.cases.statusAt(v.personId, assessedOn);
    const latest = [...inForce].sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];
    const members = await this.household(person);
    return job.complete({
      assessedOn,
      abhStatus: latest
        ? {
            type: latest.type,
            legalBasis: latest.legalBasis ?? null,
            validFrom: latest.validFrom,
            validTo: latest.validTo ?? null,
          }
        : null,
      stayStart: person.entryDate ?? null,
      householdSize: members.length,
    });
  }

  /** § 1 Abs. 1 and 2, § 1 Abs. 4 and § 1a AsylbLG; not eligible or excluded → BPMN error NOT_ELIGIBLE */
  @JobWorker('lg-check-eligibility')
  async checkEligibility(job: BenefitJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const onDate = v.assessedOn ?? v.needKnownOn;
    const p = await this.parameters.getAll<Record<string, number>>(
      [
        'asylblg.eligibility.suspensionMonths',
        'asylblg.eligibility.otherTitleMonths',
        'asylblg.exclusion.bridgingMaxDays',
        'asylblg.exclusion.bridgingOncePerMonths',
        'asylblg.reduction.maxMonths',
      ],
      onDate,
    );
    const status = v.abhStatus ?? null;
    const eligibility = checkEligibility(
      {
        onDate,
        statusType: status?.type ?? null,
        legalBasis: status?.legalBasis,
        validFrom: status?.validFrom,
        validTo: status?.validTo,
        // § 25 Abs. 5 AufenthG: the permit's start stands for the suspension decision
        suspensionDecidedOn: status?.validFrom,
        airportProcedure: v.airportProcedure === true,
        asylumRequested: v.asylumRequested === true,
        followUpApplication: v.followUpApplication === true,
        familyMemberOfEligible: v.familyMemberOfEligible === true,
      },
      {
        suspensionMonths: p['asylblg.eligibility.suspensionMonths'],
        otherTitleMonths: p['asylblg.eligibility.otherTitleMonths'],
      },
    );
    if (!eligibility.eligible) {
      return job.error({
        errorCode: 'NOT_ELIGIBLE',
        errorMessage: 'Keine Leistungsberechtigung nach § 1 AsylbLG',
        variables: toVariables(refusal(eligibility.reasons, null)),
      });
    }
    const enforceable = status?.type === 'Ausreisepflichtig' || (status?.type ?? '').startsWith('Duldung');
    const exclusion = checkExclusion(
      {
        onDate,
        enforceablyObligedToLeave: enforceable,
        protectionInOtherEuState: v.protectionInOtherEuState === true,
        dublinInadmissibleWithDeportationOrder: v.dublinInadmissible === true,
        departurePossible: v.departurePossible === true,
        earlierBridgingStarts: v.lastBridgingStart ? [v.lastBridgingStart] : [],
      },
      {
        bridgingMaxDays: p['asylblg.exclusion.bridgingMaxDays'],
        bridgingOncePerMonths: p['asylblg.exclusion.bridgingOncePerMonths'],
      },
    );
    if (exclusion.excluded) {
      return job.error({
        errorCode: 'NOT_ELIGIBLE',
        errorMessage: 'Leistungsausschluss nach § 1 Abs. 4 AsylbLG',
        variables: toVariables(refusal(exclusion.reasons, exclusion.bridging)),
      });
    }

    const reductionParams = { maxMonths: p['asylblg.reduction.maxMonths'] };
    const current = v.reduction ?? null;
    const formGround = isReductionGround(v.reductionGround) ? v.reductionGround : null;
    let reduction: ReductionState | null = null;
    let reductionReasons: BenefitReason[];
    if (current && current.reviewOn <= onDate) {
      // § 14 Abs. 2: continued only if the breach persists
      const reviewed = reviewReduction(
        current,
        { breachPersists: v.reductionBreachPersists === true },
        reductionParams,
      );
      if (reviewed.reduced)
        reduction = {
          ground: current.ground,
          from: reviewed.from!,
          until: reviewed.until!,
          reviewOn: reviewed.reviewOn!,
        };
      reductionReasons = reviewed.reasons;
    } else if (current && formGround) {
      reduction = current;
      reductionReasons = v.reductionReasons ?? [];
    } else if (current) {
      // the caseworker lifted the reduction before its review (e.g. the duty has been fulfilled)
      reductionReasons = [
        {
          code: 'EINSCHRAENKUNG_AUFGEHOBEN',
          text: 'Die Anspruchseinschränkung wird aufgehoben',
          paragraph: '§ 14 Abs. 2 AsylbLG',
        },
      ];
    } else {
      const decided = decideReduction(
        {
          ground: formGround,
          from: v.reductionFrom ?? null,
          departureDate: v.departureDate ?? null,
          hearingHeld: v.hearingHeld === true,
        },
        reductionParams,
      );
      if (decided.reduced)
        reduction = {
          ground: decided.ground!,
          from: decided.from!,
          until: decided.until!,
          reviewOn: decided.reviewOn!,
        };
      reductionReasons = decided.reasons;
    }
    // a reduction that ended clears the form's § 1a fields: a new one needs a new ground and hearing
    const formReset =
      current && !reduction
        ? { reductionGround: 'none', hearingHeld: false, reductionBreachPersists: false }
        : {};
    return job.complete({
      // the approval gateway tells a grant from a refusal by this flag (a refusal sets it to false)
      eligible: true,
      refusalReasons: null,
      refusalSummary: null,
      bridging: null,
      eligibilityReasons: eligibility.reasons,
      eligibilityGround: eligibility.ground,
      reduction,
      reductionReasons,
      ...formReset,
    });
  }

  /** § 2 gateway for the applicant and every household member; minors follow a parent (§ 2 Abs. 3) */
  @JobWorker('lg-determine-benefit-basis')
  async determineBasis(job: BenefitJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const onDate = v.assessedOn ?? v.needKnownOn;
    const params = {
      waitingMonths: await this.parameters.get<number>('asylblg.analog.waitingMonths', onDate),
      grandfatherCutoff: await this.parameters.get<string>('asylblg.analog.grandfatherCutoff', onDate),
    };
    const applicant = await this.cases.getPerson(v.personId);
    const members = await this.household(applicant);
    const isMinor = (p: Person): boolean =>
      p.dateOfBirth !== null && p.dateOfBirth !== undefined && ageOn(p.dateOfBirth, onDate) < ADULT_AGE;
    const adults = members.filter((m) => !isMinor(m));
    const abuseReason =
      v.abuseReason && v.abuseReason in ABUSE_REASONS ? (v.abuseReason as AbuseReason) : null;

    const adultBasis = new Map<string, ReturnType<typeof determineBenefitBasis>>();
    for (const adult of adults) {
      const own = adult.id === applicant.id;
      adultBasis.set(
        adult.id,
        determineBenefitBasis(
          {
            onDate,
            stayStart: adult.entryDate ?? null,
            // the caseworker's findings are recorded for the applicant
            significantInterruption: own && v.significantInterruption === true,
            interruptionEndedOn: own ? v.interruptionEndedOn : null,
            interruptionNote: own ? v.interruptionNote : null,
            abuseFound: own && v.abuseFound === true,
            abuseReason: own ? abuseReason : null,
            receivedAnalogOnCutoff: own && v.receivedAnalogOnCutoff === true,
            minorWithParent: false,
          },
          params,
        ),
      );
    }
    const parentBases = [...adultBasis.values()].map((d) => d.basis);
    const memberBases: MemberBasis[] = [];
    let applicantDecision = adultBasis.get(applicant.id);
    for (const member of members) {
      const decision =
        adultBasis.get(member.id) ??
        determineBenefitBasis(
          {
            onDate,
            stayStart: member.entryDate ?? null,
            significantInterruption: false,
            abuseFound: false,
            receivedAnalogOnCutoff: false,
            minorWithParent: adults.length > 0,
            parentBases,
          },
          params,
        );
      if (member.id === applicant.id) applicantDecision = decision;
      memberBases.push({ personId: member.id, basis: decision.basis });
    }
    const decision = applicantDecision!;
    // the 36-month date of § 2 AsylbLG as a deadline (issue 8 § 1): at 00:00 of the day, as the timer
    // Timer_Pruefung when it waits for it (nextReviewAt); met if § 2 is granted from that day on
    if (decision.basis === '§3' && decision.analogDueOn) {
      const record = {
        kind: 'asylblg-36-months' as const,
        personId: applicant.id,
        fileNumber: v.caseId,
        processInstanceKey: job.processInstanceKey,
        unit: 'LG',
        dueOn: decision.analogDueOn,
      };
      await this.deadlines.open(record);
      // an interruption restarts the period: the open record moves with it
      await this.deadlines.moveOpen(job.processInstanceKey, record.kind, record.dueOn);
    } else if (decision.basis === '§2') {
      await this.deadlines.close(job.processInstanceKey, 'asylblg-36-months', onDate);
    }
    return job.complete({
      benefitBasis: decision.basis,
      analogDueOn: decision.analogDueOn,
      basisReasons: decision.reasons,
      memberBases,
    });
  }

  /** the amounts from the rate table and the parameters; an unknown rate stops with an incident */
  @JobWorker('lg-calculate-benefits')
  async calculate(job: BenefitJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const from = v.assessedOn ?? v.needKnownOn;
    const applicant = await this.cases.getPerson(v.personId);
    const household = await this.household(applicant);
    const bases = new Map((v.memberBases ?? []).map((m) => [m.personId, m.basis]));
    const basisOf = (id: string): BenefitBasis => bases.get(id) ?? v.benefitBasis ?? '§3';
    const guLevel = await this.parameters.get<1 | 2>('asylblg.needsLevel.guSingleAdultLevelSection3', from);
    const age = (p: Person): number => (p.dateOfBirth ? ageOn(p.dateOfBirth, from) : 30);
    const otherAdults = household.filter((m) => m.id !== applicant.id && age(m) >= ADULT_AGE);
    const partner = v.partnerInHousehold ? otherAdults.sort((a, b) => age(b) - age(a))[0] : undefined;
    const eldest = Math.max(...household.map(age));

    const members: CalculatedMember[] = household.map((m, index) => {
      const a = age(m);
      const level = needsLevel(
        {
          age: a,
          basis: basisOf(m.id),
          accommodation: v.accommodationType ?? 'GU',
          withPartner: Boolean(partner) && (m.id === applicant.id || m.id === partner?.id),
          // an adult under 25 besides the couple lives with a parent when someone 14 or more years older does
          withParent: m.id !== applicant.id && m.id !== partner?.id && eldest - a >= 14,
        },
        { guSingleAdultLevelSection3: guLevel },
      );
      return {
        personId: m.id,
        label: index === 0 ? 'Person 1 (antragstellend)' : `Person ${index + 1}`,
        age: a,
        basis: basisOf(m.id),
        level: level.level,
        levelParagraph: level.reason.paragraph,
      };
    });

    const p = await this.parameters.getAll<Record<string, number>>(
      [
        'asylblg.minorSupplementCents',
        'asylblg.income.disregardPercent',
        'asylblg.income.disregardCapPercent',
        'asylblg.assets.allowancePerPersonCents',
        'asylblg.partialMonthDays',
        'asylblg.reduction.bedarfPercent',
        'asylblg.analog.reminderMonths',
        'asylblg.wiedervorlageMonths',
      ],
      from,
    );
    const rates: RateRow[] = (
      await this.em.find(AsylbLGRate, {}, { orderBy: { basis: 'asc', level: 'asc', validFrom: 'asc' } })
    ).map((r) => ({
      basis: r.basis,
      level: r.level,
      validFrom: r.validFrom,
      validTo: r.validTo ?? null,
      bedarf: r.bedarf ?? null,
      persoenlich: r.persoenlich ?? null,
      total: r.total ?? null,
      source: r.source,
    }));
    let calculation;
    try {
      calculation = calculateBenefits(
        {
          from,
          members: members.map((m): CalculationMember => ({
            label: m.label,
            basis: m.basis,
            level: m.level,
            minor: m.age < ADULT_AGE,
          })),
          reduced: Boolean(v.reduction),
          earnedGross: toCents(v.earnedIncomeGross),
          earnedNet: toCents(v.earnedIncomeNet),
          otherIncome: toCents(v.otherIncome),
          assets: toCents(v.assets),
          housingCosts: toCents(v.housingCosts),
        },
        rates,
        {
          minorSupplement: p['asylblg.minorSupplementCents'],
          incomeDisregardPercent: p['asylblg.income.disregardPercent'],
          incomeDisregardCapPercent: p['asylblg.income.disregardCapPercent'],
          assetAllowancePerPerson: p['asylblg.assets.allowancePerPersonCents'],
          daysPerMonth: p['asylblg.partialMonthDays'],
          reductionBedarfPercent: p['asylblg.reduction.bedarfPercent'],
        },
      );
    } catch (error) {
      // a missing rate is a gap in the data, not a passing outage: stop at once with an incident
      if (error instanceof RateUnknownError)
        return job.fail({ errorMessage: `${error.code}: ${error.message}`, retries: 0 });
      throw error;
    }
    const basis = v.benefitBasis ?? '§3';
    const grant = v.grant ?? null;
    const calculationChanged =
      !grant ||
      grant.basis !== basis ||
      grant.monthlyTotal !== calculation.monthlyTotal ||
      grant.housingTotal !== calculation.housingTotal ||
      grant.reduced !== Boolean(v.reduction) ||
      (grant.reductionFrom ?? null) !== (v.reduction?.from ?? null);
    const review = nextReview(
      {
        today: from,
        basis,
        analogDueOn: v.analogDueOn ?? null,
        reductionReviewOn: v.reduction?.reviewOn ?? null,
      },
      {
        analogReminderMonths: p['asylblg.analog.reminderMonths'],
        wiedervorlageMonths: p['asylblg.wiedervorlageMonths'],
      },
    );
    return job.complete({
      calculation,
      members,
      calculationChanged,
      calculationSummary: calculationSummary(calculation, members),
      nextReviewOn: review.on,
      nextReviewReason: review.reason,
      nextReviewAt: berlinMidnight(review.on).toISOString().replace('.000Z', 'Z'),
      // becomes reviewReasonText (the record form's "Anlass") when the timer fires
      nextReviewText: `Prüftermin ${review.on.split('-').reverse().join('.')}: ${review.text}`,
    });
  }

  /** the applicant first, then the other household members (oldest first) */
  private async household(applicant: Person): Promise<Person[]> {
    if (!applicant.household) return [applicant];
    const members = await this.cases.householdMembers(applicant.household.id);
    return [applicant, ...members.filter((m) => m.id !== applicant.id)];
  }
}
