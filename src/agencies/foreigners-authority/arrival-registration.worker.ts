import { Injectable } from '@nestjs/common';
import { CasesService, jobContext, type IdentityEvidence, type Vulnerability } from '../../cases';
import { berlinMidnight } from '../../common/calendar';
import { DocumentsService } from '../../documents';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import { toVariables } from '../../engine/job-variables';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { ParametersService } from '../../parameters';
import { integrationTalkDue, registrationStatus, workAccess } from './arrival.rules';
import type { ArrivalMember, Zuweisung } from './arrival-zuweisung';

interface RegistrationVariables {
  personId: string;
  caseId: string;
  members?: ArrivalMember[];
  zuweisung?: Zuweisung;
  /** from the message AnkunftBestaetigt; default: today */
  arrivedOn?: string | null;
  // form abh-arrival-registration
  identityEvidence?: IdentityEvidence | null;
  identityClarified?: boolean | null;
  statusDocumentValidTo?: string | null;
  wohnsitzauflage?: string | null;
  language?: string | null;
  vulnerabilities?: Vulnerability[] | null;
  // form abh-arrival-azr-check
  azrNumber?: string | null;
  /** from uv-allocate-accommodation */
  accommodation?: { facilityName: string; address: string } | null;
}

/**
 * ABH: "Aufenthaltsgestattung und Wohnsitzauflage erfassen" (BRIEF § 2 Nr. 6). For every member of the
 * household: PersonArrived and a status episode Aufenthaltsgestattung with the Wohnsitzauflage of § 60
 * Abs. 2 AsylG and no permission to work. Computes when a Beschäftigungserlaubnis becomes possible
 * (§ 61 AsylG; the IvAF profiling waits for it) and the due date of the first integration talk, and
 * issues the consent and data-protection form.
 */
@Injectable()
export class ArrivalRegistrationWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly parameters: ParametersService,
    private readonly documents: DocumentsService,
    private readonly clock: ClockService,
  ) {}

  @JobWorker('abh-register-arrival', {
    fetchVariables: [
      'personId',
      'caseId',
      'members',
      'zuweisung',
      'arrivedOn',
      'identityEvidence',
      'identityClarified',
      'statusDocumentValidTo',
      'wohnsitzauflage',
      'language',
      'vulnerabilities',
      'azrNumber',
      'accommodation',
    ],
  })
  async register(job: ZeebeJob<RegistrationVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (!v.wohnsitzauflage)
      return job.fail({
        errorMessage: 'variable wohnsitzauflage is missing (form abh-arrival-registration)',
        retries: 0,
      });
    const arrivedOn = v.arrivedOn ?? (await this.clock.today());
    const ctx = jobContext(job);
    const members: ArrivalMember[] = v.members?.length
      ? v.members
      : [{ personId: v.personId, fileNumber: v.caseId, role: 'applicant', index: 0 }];
    const status = registrationStatus({
      validFrom: arrivedOn,
      documentValidTo: v.statusDocumentValidTo ?? null,
      wohnsitzauflage: v.wohnsitzauflage,
    }).decision;

    for (const member of members) {
      await this.cases.recordEvent(
        'PersonArrived',
        { arrivalDate: arrivedOn, zuweisungReference: v.zuweisung?.reference },
        { personId: member.personId, occurredOn: arrivedOn, ctx },
      );
      await this.cases.startStatusEpisode(
        member.personId,
        {
          type: status.type,
          legalBasis: status.legalBasis,
          validFrom: status.validFrom,
          validTo: status.validTo,
          conditions: status.conditions,
        },
        ctx,
      );
      await this.cases.updatePerson(member.personId, { municipality: status.conditions.wohnsitzauflage });
    }
    await this.cases.updatePerson(v.personId, {
      identityEvidence: v.identityEvidence ?? null,
      identityClarified: v.identityClarified ?? false,
      identityClarifiedOn: v.identityClarified ? arrivedOn : null,
      ...(v.azrNumber ? { azrNumber: v.azrNumber } : {}),
      ...(v.language ? { language: v.language } : {}),
      ...(Array.isArray(v.vulnerabilities) ? { vulnerabilities: v.vulnerabilities } : {}),
    });

    const main = await this.cases.getPerson(v.personId);
    const safeCountries = await this.parameters.get<string[]>('arrival.safeCountriesOfOrigin', arrivedOn);
    const waitingMonths = await this.parameters.get<number>('arrival.workAccessWaitingMonths', arrivedOn);
    const mainFacts = v.zuweisung?.persons[members[0].index];
    const access = workAccess(
      {
        permittedStaySince: main.entryDate ?? arrivedOn,
        on: arrivedOn,
        // after the Zuweisung the person no longer lives in the reception centre (§ 47, § 50 AsylG)
        obligedToLiveInReceptionCentre: false,
        safeCountryNational: main.nationalities.some((n) => safeCountries.includes(n)),
        asylumApplicationDate: mainFacts?.asylumApplicationDate ?? null,
      },
      { waitingMonths },
    );
    // the profiling timer: the first day a permission is possible; if excluded, IvAF profiles at once
    // (counselling without placement) and the form shows the decision
    const today = await this.clock.today();
    const timerDay = access.possibleFrom && access.possibleFrom > today ? access.possibleFrom : today;
    const integrationTalkDays = await this.parameters.get<number>('arrival.integrationTalkDays', arrivedOn);
    const talk = integrationTalkDue(arrivedOn, { integrationTalkDays });

    const consent = await this.documents.issue(
      'einwilligung-datenschutz',
      {
        person: {
          familyName: main.familyName,
          givenNames: main.givenNames,
          dateOfBirth: main.dateOfBirth ?? null,
        },
        householdSize: members.length,
        arrivedOn,
        recipient: {
          name: `${main.givenNames} ${main.familyName}`,
          addressLines: v.accommodation
            ? [v.accommodation.facilityName, v.accommodation.address]
            : [status.conditions.wohnsitzauflage],
        },
      },
      {
        personId: main.id,
        caseId: v.caseId,
        processInstanceKey: job.processInstanceKey,
        idempotencyKey: `${job.key}:einwilligung-datenschutz`,
        issuedOn: today,
      },
    );

    return job.complete(
      toVariables({
        arrivedOn,
        statusType: status.type,
        workAccessDecision: access.decision,
        workAccessPossibleFrom: access.possibleFrom,
        workAccessPossibleAt: berlinMidnight(timerDay).toISOString().replace('.000Z', 'Z'),
        workAccessReasons: access.reasons,
        integrationTalkDueOn: talk.dueOn,
        integrationTalkDueAt: talk.dueAt,
        consentDocumentId: consent.id,
      }),
    );
  }
}
