import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CasesService, jobContext, type Person } from '../../cases';
import { endOfMonth } from '../../common/calendar';
import { DocumentsService } from '../../documents';
import { DeadlinesService } from '../../deadlines/deadlines.service';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT } from '../../engine/zeebe.types';
import { ParametersService } from '../../parameters';
import {
  BASIS_TEXT,
  calculationData,
  type BenefitJob,
  type BenefitVariables,
  type Grant,
} from './benefit-variables';
import { eligibilityEndOnRecognition } from './eligibility.rules';
import type { BenefitReason } from './reason';
import { REDUCTION_GROUNDS } from './reduction.rules';

/** the monthly cash limit of the Bezahlkarte in Saxony-Anhalt [local] (parameter shared with the hand-over record) */
const CASH_LIMIT_KEY = 'arrival.bezahlkarteCashLimitMonthlyCents';

type EndReason = 'recognition' | 'departure' | 'absconded' | 'other';
const END_REASON_TEXT: Record<EndReason, { text: string; paragraph: string }> = {
  recognition: {
    text: 'Zuerkennung eines Schutzstatus durch das BAMF; Wechsel in das SGB II',
    paragraph: '§ 1 Abs. 3 AsylbLG',
  },
  departure: { text: 'Ausreise aus der Bundesrepublik Deutschland', paragraph: '§ 1 Abs. 3 S. 1 AsylbLG' },
  absconded: {
    text: 'Unbekannter Aufenthalt (untergetaucht); die Leistungsvoraussetzungen sind entfallen',
    paragraph: '§ 1 Abs. 3 AsylbLG',
  },
  other: { text: 'Wegfall der Leistungsvoraussetzungen', paragraph: '§ 1 Abs. 3 AsylbLG' },
};

/**
 * LG: the notices and payments of process asylblg-benefits — Bewilligungs-, § 1a-, Änderungs- and
 * Ablehnungsbescheid, the monthly Bezahlkarte load, the change of benefit system after recognition with
 * the JC-Übergabeblatt, and the end of benefits on departure or absconding — with the domain events the
 * statistics read (BenefitStarted, BenefitTypeChanged, ReductionStarted/Ended, BenefitEnded).
 */
@Injectable()
export class BenefitNoticeWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly documents: DocumentsService,
    private readonly parameters: ParametersService,
    private readonly clock: ClockService,
    private readonly em: EntityManager,
    private readonly deadlines: DeadlinesService,
  ) {}

  /**
   * Bewilligungs-, § 1a- or Änderungsbescheid after the four-eyes approval, the events and the first
   * payment; nothing when a re-check left the grant unchanged.
   */
  @JobWorker('lg-issue-benefit-notice')
  async issueNotice(job: BenefitJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const calculation = v.calculation;
    if (!calculation || !v.members || !v.benefitBasis)
      throw new Error('the notice needs a calculation and a benefit basis');
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    const previous = v.grant ?? null;
    // a re-check that changed nothing (Wiedervorlage, reminder) needs no new Bescheid
    if (previous && v.calculationChanged === false) return job.complete({ noticeDocumentId: null });
    const reduction = v.reduction ?? null;
    const basis = v.benefitBasis;
    const startsReduction =
      reduction !== null && (!previous?.reduced || previous.reductionFrom !== reduction.from);
    const templateId = startsReduction
      ? 'lg-benefits-reduction'
      : previous
        ? 'lg-benefits-change'
        : 'lg-benefits-grant';
    const cashLimit = await this.parameters.get<number>(CASH_LIMIT_KEY, today);
    const reasons: BenefitReason[] = [
      ...(v.eligibilityReasons ?? []),
      ...(v.basisReasons ?? []),
      ...(reduction ? (v.reductionReasons ?? []) : []),
      ...calculation.reasons,
    ];
    const data: Record<string, unknown> = {
      person: personData(person),
      needKnownOn: v.needKnownOn,
      basisText: BASIS_TEXT[basis],
      ...calculationData(calculation, v.members, { paymentCardId: v.paymentCardId ?? null, cashLimit }),
      reasons: reasons.map((r) => ({ text: r.text, paragraph: r.paragraph })),
      reduction: reduction
        ? {
            groundText: REDUCTION_GROUNDS[reduction.ground].text,
            paragraph: REDUCTION_GROUNDS[reduction.ground].paragraph,
            ...reduction,
          }
        : null,
      isEnd: false,
      endsOn: null,
      changeReasonText: v.reviewReasonText ?? 'Änderung der Verhältnisse',
      previousGrantOn: previous?.issuedOn ?? null,
      previousMonthlyTotal: previous?.monthlyTotal ?? 0,
    };
    const document = await this.documents.issue(templateId, data, {
      personId: person.id,
      caseId: v.caseId,
      processInstanceKey: job.processInstanceKey,
      idempotencyKey: `${job.key}:${templateId}`,
      issuedOn: today,
    });

    const ctx = jobContext(job);
    const from = calculation.from;
    if (!previous) {
      await this.cases.recordEvent(
        'BenefitStarted',
        { basis, from },
        { personId: person.id, occurredOn: from, ctx },
      );
    } else if (previous.basis !== basis) {
      await this.cases.recordEvent(
        'BenefitTypeChanged',
        { from: previous.basis, to: basis, on: from },
        { personId: person.id, occurredOn: from, ctx },
      );
    }
    if (startsReduction) {
      await this.cases.recordEvent(
        'ReductionStarted',
        { reason: reduction.ground, from: reduction.from, reviewOn: reduction.reviewOn },
        { personId: person.id, occurredOn: reduction.from, ctx },
      );
    } else if (previous?.reduced && !reduction) {
      await this.cases.recordEvent(
        'ReductionEnded',
        { on: from },
        { personId: person.id, occurredOn: from, ctx },
      );
    }
    // the first (partial) month is paid with the notice; later months by the monthly load
    if (!previous) {
      await this.recordLoad(
        v,
        job.processInstanceKey,
        from.slice(0, 7),
        calculation.firstMonthTotal,
        calculation.housingTotal,
        basis,
        cashLimit,
      );
    }
    const grant: Grant = {
      basis,
      from,
      monthlyTotal: calculation.monthlyTotal,
      housingTotal: calculation.housingTotal,
      reduced: reduction !== null,
      reductionFrom: reduction?.from ?? null,
      issuedOn: today,
      documentId: document.id,
    };
    return job.complete({ grant, noticeDocumentId: document.id });
  }

  /** Ablehnungsbescheid (§ 1 AsylbLG) or exclusion with bridging benefits (§ 1 Abs. 4) */
  @JobWorker('lg-issue-refusal')
  async issueRefusal(job: BenefitJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    const recognised =
      v.abhStatus?.type === 'Aufenthaltserlaubnis' || v.abhStatus?.type === 'Niederlassungserlaubnis';
    if (v.grant) {
      // a re-check of a running grant found the person no longer eligible: the grant is revoked
      // (Aufhebung, § 9 Abs. 4 AsylbLG i. V. m. § 48 SGB X) at the end of the month (§ 1 Abs. 3 AsylbLG)
      const endsOn = endOfMonth(today);
      const reason: EndReason = recognised ? 'recognition' : 'other';
      const reasons: BenefitReason[] = [
        { code: reason.toUpperCase(), ...END_REASON_TEXT[reason] },
        ...(v.refusalReasons ?? []),
      ];
      const notice = await this.documents.issue(
        'lg-benefits-change',
        this.endNoticeData(person, v, endsOn, reason, reasons),
        {
          personId: person.id,
          caseId: v.caseId,
          processInstanceKey: job.processInstanceKey,
          idempotencyKey: `${job.key}:lg-benefits-change`,
          issuedOn: today,
        },
      );
      await this.cases.recordEvent(
        'BenefitEnded',
        { reason, on: endsOn },
        { personId: person.id, occurredOn: endsOn, ctx: jobContext(job) },
      );
      return job.complete({ benefitEndsOn: endsOn, endNoticeDocumentId: notice.id });
    }
    const document = await this.documents.issue(
      'lg-benefits-refusal',
      {
        person: personData(person),
        needKnownOn: v.needKnownOn,
        bridging: v.bridging ?? null,
        reasons: (v.refusalReasons ?? []).map((r) => ({ text: r.text, paragraph: r.paragraph })),
        referral: recognised
          ? 'Für Leistungen nach dem SGB II wenden Sie sich bitte an das Jobcenter Burgenlandkreis.'
          : null,
      },
      {
        personId: person.id,
        caseId: v.caseId,
        processInstanceKey: job.processInstanceKey,
        idempotencyKey: `${job.key}:lg-benefits-refusal`,
        issuedOn: today,
      },
    );
    return job.complete({ refusalDocumentId: document.id });
  }

  /** monthly load of the Bezahlkarte and payment of the housing costs, once per month, until benefits end */
  @JobWorker('lg-load-payment-card')
  async loadPaymentCard(job: BenefitJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const month = today.slice(0, 7);
    if (!v.grant) return job.complete({ paymentCardLoadSkipped: `${month}: noch kein Bescheid` });
    if (v.benefitEndsOn && month > v.benefitEndsOn.slice(0, 7)) {
      return job.complete({ paymentCardLoadSkipped: `${month}: Leistungen enden am ${v.benefitEndsOn}` });
    }
    const cashLimit = await this.parameters.get<number>(CASH_LIMIT_KEY, today);
    await this.recordLoad(
      v,
      job.processInstanceKey,
      month,
      v.grant.monthlyTotal,
      v.grant.housingTotal,
      v.grant.basis,
      cashLimit,
    );
    return job.complete({ lastPaymentCardLoadMonth: month });
  }

  /** recognition: end of eligibility (§ 1 Abs. 3 AsylbLG), Aufhebungsbescheid, JC-Übergabeblatt, BenefitEnded */
  @JobWorker('lg-prepare-system-change')
  async prepareSystemChange(job: BenefitJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const served = v.bamfDecisionServedOn ?? today;
    const finalAfterDays = await this.parameters.get<number>('asylblg.recognition.finalAfterDays', served);
    const end = eligibilityEndOnRecognition(served, { finalAfterDays });
    const person = await this.cases.getPerson(v.personId);
    const ref = (templateId: string): Parameters<DocumentsService['issue']>[2] => ({
      personId: person.id,
      caseId: v.caseId,
      processInstanceKey: job.processInstanceKey,
      idempotencyKey: `${job.key}:${templateId}`,
      issuedOn: today,
    });
    const notice = await this.documents.issue(
      'lg-benefits-change',
      this.endNoticeData(person, v, end.endsOn, 'recognition', end.reasons),
      ref('lg-benefits-change'),
    );
    const handover = await this.documents.issue(
      'lg-benefits-jc-handover',
      {
        person: { ...personData(person), bamfFileNumber: person.bamfFileNumber ?? 'nicht erfasst' },
        decisionServedOn: served,
        groundCeasesOn: end.groundCeasesOn,
        benefitEndsOn: end.endsOn,
        basisText: BASIS_TEXT[v.grant?.basis ?? v.benefitBasis ?? '§3'],
        monthlyTotal: v.grant?.monthlyTotal ?? 0,
        householdSize: v.householdSize ?? 1,
      },
      ref('lg-benefits-jc-handover'),
    );
    // benefits end: the 36-month date of § 2 AsylbLG no longer applies
    await this.deadlines.cancelOpen(job.processInstanceKey, ['asylblg-36-months']);
    await this.cases.recordEvent(
      'BenefitEnded',
      { reason: 'recognition', on: end.endsOn },
      { personId: person.id, occurredOn: end.endsOn, ctx: jobContext(job) },
    );
    return job.complete({
      benefitEndsOn: end.endsOn,
      groundCeasesOn: end.groundCeasesOn,
      endNoticeDocumentId: notice.id,
      jcHandoverDocumentId: handover.id,
    });
  }

  /** departure or absconding: eligibility ends (§ 1 Abs. 3 AsylbLG), Aufhebungsbescheid, BenefitEnded */
  @JobWorker('lg-end-benefit')
  async endBenefit(job: BenefitJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const reason: EndReason =
      v.endReason === 'departure' || v.endReason === 'absconded' ? v.endReason : 'other';
    const on = v.endOn ?? (await this.clock.today());
    const person = await this.cases.getPerson(v.personId);
    // benefits end: the 36-month date of § 2 AsylbLG no longer applies
    await this.deadlines.cancelOpen(job.processInstanceKey, ['asylblg-36-months']);
    const reasons = [{ code: reason.toUpperCase(), ...END_REASON_TEXT[reason] }];
    // the return management may have ended the benefits already (lg-end-benefits-on-return): record once
    const benefitEvents = (await this.cases.events(person.id)).filter(
      (e) => e.type === 'BenefitStarted' || e.type === 'BenefitEnded',
    );
    const alreadyEnded = benefitEvents.at(-1)?.type === 'BenefitEnded';
    const notice = await this.documents.issue(
      'lg-benefits-change',
      this.endNoticeData(person, v, on, reason, reasons),
      {
        personId: person.id,
        caseId: v.caseId,
        processInstanceKey: job.processInstanceKey,
        idempotencyKey: `${job.key}:lg-benefits-change`,
        issuedOn: await this.clock.today(),
      },
    );
    if (!alreadyEnded) {
      await this.cases.recordEvent(
        'BenefitEnded',
        { reason, on },
        { personId: person.id, occurredOn: on, ctx: jobContext(job) },
      );
    }
    return job.complete({ benefitEndsOn: on, endNoticeDocumentId: notice.id });
  }

  private endNoticeData(
    person: Person,
    v: BenefitVariables,
    endsOn: string,
    reason: EndReason,
    reasons: BenefitReason[],
  ): Record<string, unknown> {
    return {
      person: personData(person),
      isEnd: true,
      endsOn,
      changeReasonText: END_REASON_TEXT[reason].text,
      reasons: reasons.map((r) => ({ text: r.text, paragraph: r.paragraph })),
      previousGrantOn: v.grant?.issuedOn ?? null,
    };
  }

  private async recordLoad(
    v: BenefitVariables,
    processInstanceKey: string,
    month: string,
    amount: number,
    housingAmount: number,
    basis: string,
    cashLimit: number,
  ): Promise<void> {
    // one instruction per person and month: a timer or job that fires twice loads once
    await this.em.execute(
      `insert into payment_card_load (id, person_id, case_id, month, basis, amount, housing_amount, cash_limit, payment_card_id, process_instance_key, recorded_at)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (person_id, month) do nothing`,
      [
        v.personId,
        v.caseId,
        month,
        basis,
        amount,
        housingAmount,
        cashLimit,
        v.paymentCardId ?? null,
        processInstanceKey,
      ],
    );
  }
}

function personData(person: Person): { name: string; dateOfBirth: string | null } {
  return { name: `${person.familyName}, ${person.givenNames}`, dateOfBirth: person.dateOfBirth ?? null };
}
