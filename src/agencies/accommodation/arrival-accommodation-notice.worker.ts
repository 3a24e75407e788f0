import { Injectable } from '@nestjs/common';
import { CasesService } from '../../cases';
import { DocumentsService } from '../../documents';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { ParametersService } from '../../parameters';

interface NoticeVariables {
  personId: string;
  caseId: string;
  members?: { personId: string }[];
  arrivalDate: string;
  zuweisung?: { reference?: string };
  /** from uv-allocate-accommodation (after capacity was settled by hand, the allocation runs again) */
  accommodation?: { facilityId: string; facilityName: string; kind: 'GU' | 'flat'; address: string } | null;
}

/**
 * UV: "Unterbringungszuweisung erstellen" (BRIEF § 2 documents): the accommodation assignment with the
 * house-rules notice, for the allocated place and every member of the household.
 */
@Injectable()
export class ArrivalAccommodationNoticeWorker {
  constructor(
    private readonly cases: CasesService,
    private readonly documents: DocumentsService,
    private readonly parameters: ParametersService,
    private readonly clock: ClockService,
  ) {}

  @JobWorker('uv-issue-accommodation-assignment', {
    fetchVariables: ['personId', 'caseId', 'members', 'arrivalDate', 'zuweisung', 'accommodation'],
  })
  async issue(job: ZeebeJob<NoticeVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (!v.accommodation) {
      return job.fail({
        errorMessage: 'variable accommodation is missing (uv-allocate-accommodation)',
        retries: 0,
      });
    }
    const facility = {
      name: v.accommodation.facilityName,
      kind: v.accommodation.kind,
      address: v.accommodation.address,
    };
    const ids = v.members?.length ? v.members.map((m) => m.personId) : [v.personId];
    const persons = await Promise.all(ids.map((id) => this.cases.getPerson(id)));
    const main = persons[0];
    const today = await this.clock.today();
    const noShowGraceDays = await this.parameters.get<number>('arrival.noShowGraceDays', v.arrivalDate);
    const notice = await this.documents.issue(
      'unterbringungszuweisung',
      {
        recipient: {
          name: `${main.givenNames} ${main.familyName}`,
          addressLines: [facility.name, facility.address],
        },
        zuweisungReference: v.zuweisung?.reference ?? '–',
        facility,
        moveInOn: v.arrivalDate,
        persons: persons.map((p) => ({
          name: `${p.givenNames} ${p.familyName}`,
          dateOfBirth: p.dateOfBirth ?? null,
        })),
        noShowGraceDays,
      },
      {
        personId: main.id,
        caseId: v.caseId,
        processInstanceKey: job.processInstanceKey,
        idempotencyKey: `${job.key}:unterbringungszuweisung`,
        issuedOn: today,
      },
    );
    return job.complete({ accommodationNoticeDocumentId: notice.id, accommodationAddress: facility.address });
  }
}
