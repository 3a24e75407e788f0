import { Injectable } from '@nestjs/common';
import { CasesService } from '../../cases';
import { DocumentsService } from '../../documents';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { ParametersService } from '../../parameters';

interface BezahlkarteVariables {
  personId: string;
  caseId: string;
  householdSize?: number | null;
  /** the person already holds a card (e.g. from the reception centre): transfer instead of a new card */
  bezahlkarteExisting?: boolean | null;
}

/**
 * LG: "Bezahlkarte aushändigen oder übertragen" (BRIEF § 2 Nr. 8). Issues the hand-over record with the
 * monthly cash limit in force ([local] parameter); the card number is written on the record at the
 * counter (the platform has no access to the card provider).
 */
@Injectable()
export class BezahlkarteHandoverWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly documents: DocumentsService,
    private readonly parameters: ParametersService,
    private readonly clock: ClockService,
  ) {}

  @JobWorker('lg-hand-over-bezahlkarte', {
    fetchVariables: ['personId', 'caseId', 'householdSize', 'bezahlkarteExisting'],
  })
  async handOver(job: ZeebeJob<BezahlkarteVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    const today = await this.clock.today();
    const person = await this.cases.getPerson(v.personId);
    const cashLimitMonthlyCents = await this.parameters.get<number>(
      'arrival.bezahlkarteCashLimitMonthlyCents',
      today,
    );
    const record = await this.documents.issue(
      'bezahlkarte-uebergabe',
      {
        holderName: `${person.givenNames} ${person.familyName}`,
        householdSize: v.householdSize ?? 1,
        mode: v.bezahlkarteExisting ? 'transfer' : 'new',
        handedOverOn: today,
        cashLimitMonthlyCents,
      },
      {
        personId: person.id,
        caseId: v.caseId,
        processInstanceKey: job.processInstanceKey,
        idempotencyKey: `${job.key}:bezahlkarte-uebergabe`,
        issuedOn: today,
      },
    );
    return job.complete({ bezahlkarteHandedOverOn: today, bezahlkarteRecordDocumentId: record.id });
  }
}
