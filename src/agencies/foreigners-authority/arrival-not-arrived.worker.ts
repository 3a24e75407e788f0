import { Injectable } from '@nestjs/common';
import { CasesService } from '../../cases';
import { DocumentsService } from '../../documents';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import type { ArrivalMember, Zuweisung } from './arrival-zuweisung';

interface NotArrivedVariables {
  personId: string;
  caseId: string;
  members?: ArrivalMember[];
  zuweisung?: Zuweisung;
  arrivalDate: string;
  arrivalDeadlineOn?: string;
}

/**
 * ABH: the end event "Nichtankunft an ZASt gemeldet" (BRIEF § 2 Nr. 5): the household did not arrive
 * within the [local] grace period. Issues the notice to the ZASt; no PersonArrived is recorded. Sending
 * the notice is the caseworker's act (no interface to the ZASt).
 */
@Injectable()
export class ArrivalNotArrivedWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly documents: DocumentsService,
    private readonly clock: ClockService,
  ) {}

  @JobWorker('abh-report-not-arrived', {
    fetchVariables: ['personId', 'caseId', 'members', 'zuweisung', 'arrivalDate', 'arrivalDeadlineOn'],
  })
  async report(job: ZeebeJob<NotArrivedVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const ids = v.members?.length ? v.members.map((m) => m.personId) : [v.personId];
    const persons = await Promise.all(ids.map((id) => this.cases.getPerson(id)));
    const today = await this.clock.today();
    const notice = await this.documents.issue(
      'meldung-nichtankunft',
      {
        recipient: {
          name: 'Landesverwaltungsamt Sachsen-Anhalt – Zentrale Anlaufstelle für Asylbewerber (ZASt)',
          addressLines: ['Halberstadt'],
        },
        zuweisungReference: v.zuweisung?.reference ?? '–',
        arrivalDate: v.arrivalDate,
        deadlineOn: v.arrivalDeadlineOn ?? v.arrivalDate,
        persons: persons.map((p) => ({
          name: `${p.givenNames} ${p.familyName}`,
          dateOfBirth: p.dateOfBirth ?? null,
          fileNumber: p.fileNumber,
        })),
      },
      {
        personId: persons[0].id,
        caseId: v.caseId,
        processInstanceKey: job.processInstanceKey,
        idempotencyKey: `${job.key}:meldung-nichtankunft`,
        issuedOn: today,
      },
    );
    return job.complete({ notArrivedReportedOn: today, notArrivedDocumentId: notice.id });
  }
}
