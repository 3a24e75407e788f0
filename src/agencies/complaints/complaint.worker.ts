import { Injectable } from '@nestjs/common';
import { CasesService, jobContext } from '../../cases';
import { deadlineEnd } from '../../common/calendar';
import { DeadlinesService } from '../../deadlines/deadlines.service';
import { DocumentsService, type RecipientData } from '../../documents';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import { toVariables } from '../../engine/job-variables';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { ParametersService } from '../../parameters';
import { ComplaintRegisterService } from './complaint-register.service';
import {
  acknowledgementContent,
  closingOutcome,
  COMPLAINT_CATEGORIES,
  COMPLAINT_CATEGORY_LABELS,
  COMPLAINT_OUTCOMES,
  COMPLAINT_ROUTES,
  complaintDeadlines,
  OUTCOME_LABELS,
  statementDueOn,
  type ComplaintCategory,
  type ComplaintDeadlineParameters,
  type ComplaintOutcome,
  type ComplaintRoute,
} from './complaint.rules';

/** Process variables of processes/complaint-management.bpmn. */
interface ComplaintVariables {
  /** the complaint reference (set by bs-register-complaint) */
  caseId?: string;
  personId?: string | null;
  // start (optional)
  receivedOn?: string | null;
  channel?: string | null;
  // bs-register-complaint
  acknowledgeBy?: string;
  replyBy?: string;
  // form bs-complaint-register
  category?: string;
  unitConcerned?: string;
  anonymous?: boolean | null;
  replyName?: string | null;
  replyAddress?: string | null;
  // bs-acknowledge-complaint
  acknowledgedOn?: string | null;
  // form bs-complaint-classify
  complaintRoute?: string;
  // form bs-complaint-escalation
  escalatedOn?: string | null;
  // form bs-complaint-measures
  complaintOutcome?: string | null;
  measures?: string | null;
  replyText?: string | null;
  // bs-send-reply
  answeredOn?: string | null;
}

/**
 * BS workers of the complaint management (BRIEF § 7): reference and deadlines, acknowledgement,
 * statement deadline, interim reply, reply and the anonymous ComplaintClosed event. Names and addresses
 * stay in the process instance and the letters; the register and the events carry none.
 */
@Injectable()
export class ComplaintWorker {
  constructor(
    private readonly register: ComplaintRegisterService,
    private readonly cases: CasesService,
    private readonly parameters: ParametersService,
    private readonly documents: DocumentsService,
    private readonly clock: ClockService,
    private readonly deadlines: DeadlinesService,
  ) {}

  /** "Eingang erfassen und Aktenzeichen vergeben": reference BS-YYYY-NNNNN, acknowledgement and reply due dates. */
  @JobWorker('bs-register-complaint', { fetchVariables: ['receivedOn', 'channel', 'personId'] })
  async registerComplaint(job: ZeebeJob<ComplaintVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const receivedOn = v.receivedOn ?? today;
    if (receivedOn > today) return job.fail({ errorMessage: 'receivedOn lies in the future', retries: 0 });
    const deadlines = complaintDeadlines(receivedOn, await this.deadlineParameters(receivedOn));
    const reference = await this.register.register({
      processInstanceKey: job.processInstanceKey,
      receivedOn,
      acknowledgeBy: deadlines.acknowledgeBy,
      replyBy: deadlines.replyBy,
      channel: v.channel ?? null,
    });
    // the acknowledgement deadline (issue 8 § 1) of the BS, at the instant the registration task is due;
    // an anonymous complaint has no person, its reference is the complaint's number
    await this.deadlines.open({
      kind: 'complaint-acknowledgement',
      personId: v.personId ?? null,
      fileNumber: reference,
      processInstanceKey: job.processInstanceKey,
      unit: 'BS',
      dueOn: deadlines.acknowledgeBy,
      dueAt: deadlineEnd(deadlines.acknowledgeBy),
    });
    if (v.personId) {
      await this.cases.linkProcess(v.personId, {
        processInstanceKey: job.processInstanceKey,
        bpmnProcessId: job.bpmnProcessId,
        caseId: reference,
        role: 'complainant',
      });
    }
    return job.complete(
      toVariables({
        caseId: reference,
        receivedOn,
        acknowledgeBy: deadlines.acknowledgeBy,
        acknowledgeDueAt: deadlineEnd(deadlines.acknowledgeBy),
        replyBy: deadlines.replyBy,
        replyDueAt: deadlineEnd(deadlines.replyBy),
      }),
    );
  }

  /** "Eingang bestätigen" within 3 working days [local]; for decisions with the note that deadlines keep running. */
  @JobWorker('bs-acknowledge-complaint')
  async acknowledge(job: ZeebeJob<ComplaintVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const category = v.category as ComplaintCategory;
    if (
      !v.caseId ||
      !v.acknowledgeBy ||
      !v.replyBy ||
      !(COMPLAINT_CATEGORIES as readonly string[]).includes(category)
    ) {
      return job.fail({
        errorMessage: 'variables caseId, acknowledgeBy, replyBy and category are required',
        retries: 0,
      });
    }
    const today = await this.clock.today();
    const recipient = recipientOf(v);
    const content = acknowledgementContent({
      category,
      contactAvailable: recipient !== null,
      acknowledgedOn: today,
      acknowledgeBy: v.acknowledgeBy,
    });
    const row = await this.register.get(v.caseId);
    if (content.letter && recipient) {
      await this.documents.issue(
        'bs-complaint-acknowledgement',
        {
          recipient,
          receivedOn: row.receivedOn,
          categoryLabel: COMPLAINT_CATEGORY_LABELS[category],
          replyBy: v.replyBy,
          deadlineNotice: content.deadlineNotice,
        },
        {
          personId: null,
          caseId: v.caseId,
          processInstanceKey: job.processInstanceKey,
          idempotencyKey: `${job.key}:bs-complaint-acknowledgement`,
          issuedOn: today,
        },
      );
    }
    const acknowledgedOn = content.letter ? today : null;
    await this.register.update(v.caseId, {
      category,
      unitConcerned: v.unitConcerned ?? null,
      channel: v.channel ?? row.channel ?? null,
      anonymous: v.anonymous === true,
      acknowledgedOn,
    });
    // acknowledged: met or missed; no contact to acknowledge to: the deadline no longer applies
    if (acknowledgedOn)
      await this.deadlines.close(job.processInstanceKey, 'complaint-acknowledgement', acknowledgedOn);
    else await this.deadlines.cancelOpen(job.processInstanceKey, ['complaint-acknowledgement']);
    const ctx = jobContext(job);
    // anonymised (GDPR): complaint events carry no person
    await this.cases.recordEvent(
      'ComplaintReceived',
      {
        category,
        unit: v.unitConcerned ?? null,
        channel: v.channel ?? row.channel ?? 'unknown',
        on: row.receivedOn,
      },
      { personId: null, occurredOn: row.receivedOn, ctx },
    );
    if (acknowledgedOn)
      await this.cases.recordEvent(
        'ComplaintAcknowledged',
        { on: acknowledgedOn },
        { personId: null, occurredOn: acknowledgedOn, ctx },
      );
    return job.complete(
      toVariables({
        acknowledgedOn,
        acknowledgedInTime: content.inTime,
        acknowledgementSent: content.letter,
        deadlineNoticeGiven: content.deadlineNotice,
      }),
    );
  }

  /** "Stellungnahme anfordern": the unit's statement is due in 10 working days [local], then the head is involved. */
  @JobWorker('bs-request-statement', { fetchVariables: ['caseId'] })
  async requestStatement(job: ZeebeJob<ComplaintVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const today = await this.clock.today();
    const due = statementDueOn(today, await this.deadlineParameters(today));
    return job.complete(
      toVariables({ statementRequestedOn: today, statementDueOn: due, statementDueAt: deadlineEnd(due) }),
    );
  }

  /** "Zwischennachricht versenden" when the reply month [local] has passed without a reply. */
  @JobWorker('bs-send-interim-reply')
  async sendInterimReply(job: ZeebeJob<ComplaintVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (!v.caseId) return job.fail({ errorMessage: 'variable caseId is missing', retries: 0 });
    const today = await this.clock.today();
    const row = await this.register.get(v.caseId);
    const recipient = recipientOf(v);
    if (recipient) {
      await this.documents.issue(
        'bs-complaint-interim-reply',
        { recipient, receivedOn: row.receivedOn, deadlineNotice: v.category === 'decision' },
        {
          personId: null,
          caseId: v.caseId,
          processInstanceKey: job.processInstanceKey,
          idempotencyKey: `${job.key}:bs-complaint-interim-reply`,
          issuedOn: today,
        },
      );
    }
    await this.register.update(v.caseId, { interimReplyOn: today });
    return job.complete(toVariables({ interimReplyOn: today, interimReplySent: recipient !== null }));
  }

  /** "Antwortschreiben versenden" with the unit's assessment, reply text and measures. */
  @JobWorker('bs-send-reply')
  async sendReply(job: ZeebeJob<ComplaintVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const outcome = v.complaintOutcome as ComplaintOutcome;
    if (!v.caseId || !(COMPLAINT_OUTCOMES as readonly string[]).includes(outcome) || !v.replyText) {
      return job.fail({
        errorMessage:
          'variables caseId, complaintOutcome and replyText are required (form bs-complaint-measures)',
        retries: 0,
      });
    }
    const today = await this.clock.today();
    const row = await this.register.get(v.caseId);
    const recipient = recipientOf(v);
    if (recipient) {
      await this.documents.issue(
        'bs-complaint-reply',
        {
          recipient,
          receivedOn: row.receivedOn,
          categoryLabel: COMPLAINT_CATEGORY_LABELS[v.category as ComplaintCategory] ?? 'ohne Kategorie',
          outcomeLabel: OUTCOME_LABELS[outcome],
          replyText: v.replyText,
          measures: v.measures ?? null,
          deadlineNotice: v.category === 'decision',
        },
        {
          personId: null,
          caseId: v.caseId,
          processInstanceKey: job.processInstanceKey,
          idempotencyKey: `${job.key}:bs-complaint-reply`,
          issuedOn: today,
        },
      );
    }
    await this.register.update(v.caseId, { answeredOn: today });
    return job.complete(toVariables({ answeredOn: today, replySent: recipient !== null }));
  }

  /** "Abschluss für die Auswertung erfassen": ComplaintClosed without personal data. */
  @JobWorker('bs-close-complaint')
  async close(job: ZeebeJob<ComplaintVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const route = v.complaintRoute as ComplaintRoute;
    if (!v.caseId || !(COMPLAINT_ROUTES as readonly string[]).includes(route)) {
      return job.fail({ errorMessage: 'variables caseId and complaintRoute are required', retries: 0 });
    }
    const assessment = (COMPLAINT_OUTCOMES as readonly string[]).includes(v.complaintOutcome ?? '')
      ? (v.complaintOutcome as ComplaintOutcome)
      : null;
    if (route === 'internal' && !assessment)
      return job.fail({
        errorMessage: 'complaintOutcome is missing (form bs-complaint-measures)',
        retries: 0,
      });
    const { outcome } = closingOutcome(route, assessment);
    const today = await this.clock.today();
    const row = await this.register.update(v.caseId, {
      outcome,
      closedOn: today,
      escalatedOn: v.escalatedOn ?? null,
    });
    await this.cases.recordEvent(
      'ComplaintClosed',
      {
        outcome,
        category: row.category ?? 'unknown',
        unit: row.unitConcerned ?? null,
        receivedOn: row.receivedOn,
        acknowledgedOn: row.acknowledgedOn ?? null,
        answeredOn: row.answeredOn ?? null,
      },
      { personId: null, occurredOn: today, ctx: jobContext(job) },
    );
    return job.complete(toVariables({ complaintClosedOn: today, complaintClosedOutcome: outcome }));
  }

  private async deadlineParameters(onDate: string): Promise<ComplaintDeadlineParameters> {
    return {
      acknowledgementWorkingDays: await this.parameters.get<number>(
        'complaints.acknowledgementWorkingDays',
        onDate,
      ),
      statementWorkingDays: await this.parameters.get<number>('complaints.statementWorkingDays', onDate),
      replyMonths: await this.parameters.get<number>('complaints.replyMonths', onDate),
    };
  }
}

/** the addressee of the letters, or null for anonymous submissions and when no address was given */
function recipientOf(v: ComplaintVariables): RecipientData | null {
  if (v.anonymous === true || !v.replyName || !v.replyAddress) return null;
  const addressLines = v.replyAddress
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return addressLines.length ? { name: v.replyName, addressLines } : null;
}
