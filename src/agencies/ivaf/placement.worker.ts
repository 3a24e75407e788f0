import { Injectable } from '@nestjs/common';
import { CasesService, jobContext } from '../../cases';
import type { DomainEventPayloads } from '../../cases/domain-event.entity';
import { JobWorker } from '../../engine/job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';

type PlacementType = DomainEventPayloads['IvAFPlacement']['type'];

const PLACEMENT_TYPES: readonly PlacementType[] = [
  'employment subject to social insurance',
  'training',
  'other',
];

interface PlacementVariables {
  personId: string;
  /** from form ivaf-arrival-profiling; absent or 'none' = no placement yet */
  placementType?: PlacementType | 'none' | null;
  placementStart?: string | null;
}

/**
 * IvAF: "IvAF-Vermittlung erfassen", the end listener of the labour-market profiling (BRIEF § 2 Nr. 10). Records an
 * IvAFPlacement event when the profiling reports an agreed employment or training, which the Lagebild
 * counts as new jobs subject to social insurance through IvAF, training places separately (BRIEF § 8).
 * Idempotent through the job key.
 */
@Injectable()
export class IvafPlacementWorker {
  constructor(private readonly cases: CasesService) {}

  @JobWorker('ivaf-record-placement', {
    fetchVariables: ['personId', 'placementType', 'placementStart'],
    executionListenerOnly: true,
  })
  async record(job: ZeebeJob<PlacementVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const { personId, placementType, placementStart } = job.variables;
    if (!placementType || placementType === 'none') return job.complete({ ivafPlacementRecorded: false });
    if (!PLACEMENT_TYPES.includes(placementType)) {
      return job.fail({ errorMessage: `variable placementType has an unknown value`, retries: 0 });
    }
    if (!placementStart) {
      return job.fail({
        errorMessage:
          'variable placementStart is needed when placementType is set (form ivaf-arrival-profiling)',
        retries: 0,
      });
    }
    await this.cases.recordEvent(
      'IvAFPlacement',
      { type: placementType, start: placementStart },
      { personId, occurredOn: placementStart, ctx: jobContext(job) },
    );
    return job.complete({ ivafPlacementRecorded: true });
  }
}
