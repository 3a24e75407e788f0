import { Injectable, Logger } from '@nestjs/common';
import { CasesService, jobContext } from '../../cases';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { AccommodationService, NoCapacityError } from './accommodation.service';
import type { FacilityKind } from './accommodation-priority.rules';

export interface AllocateAccommodationVariables {
  personId: string;
  /** when set, every member of the household is placed together */
  householdId?: string | null;
  /** the size the Zuweisung reported (checked against the recorded members) */
  householdSize?: number | null;
  vulnerable?: boolean | null;
  preferFlat?: boolean | null;
}

/** output variable `accommodation` of uv-allocate-accommodation */
export type AccommodationVariable = {
  facilityId: string;
  facilityName: string;
  kind: FacilityKind;
  address: string;
  bedIds: string[];
};

export interface ReleaseAccommodationVariables {
  personId: string;
  /** move-out day 'YYYY-MM-DD' (default: today) */
  on?: string | null;
  /** the day the return management ended (departure, removal, absconding) */
  returnEndedOn?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** UV job workers: allocate a place (GU or flat) for a person or household, release it. */
@Injectable()
export class AccommodationWorker {
  private readonly logger = new Logger(AccommodationWorker.name);

  constructor(
    private readonly accommodation: AccommodationService,
    private readonly cases: CasesService,
    private readonly clock: ClockService,
  ) {}

  /**
   * Allocates beds from today for the person, or for all members of the household. No capacity is a
   * business outcome: BPMN error NO_CAPACITY. A retried job returns the allocation already made.
   */
  @JobWorker('uv-allocate-accommodation', {
    fetchVariables: ['personId', 'householdId', 'householdSize', 'vulnerable', 'preferFlat'],
  })
  async allocate(job: ZeebeJob<AllocateAccommodationVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (typeof v.personId !== 'string' || !UUID.test(v.personId)) {
      throw new Error('variable personId must be the uuid of a person');
    }
    const person = await this.cases.getPerson(v.personId);
    const members = v.householdId ? await this.cases.householdMembers(v.householdId) : [person];
    if (!members.some((m) => m.id === person.id)) members.unshift(person);
    if (typeof v.householdSize === 'number' && v.householdSize !== members.length) {
      this.logger.warn({
        msg: 'householdSize differs from the recorded household members; placing the recorded members',
        processInstanceKey: job.processInstanceKey,
        householdSize: v.householdSize,
        members: members.length,
      });
    }
    // the person first: the result's facility is theirs
    const personIds = [person.id, ...members.filter((m) => m.id !== person.id).map((m) => m.id)];
    const vulnerable = Boolean(v.vulnerable) || members.some((m) => (m.vulnerabilities ?? []).length > 0);
    try {
      const result = await this.accommodation.allocate(
        {
          personIds,
          householdId: v.householdId ?? null,
          vulnerable,
          preferFlat: Boolean(v.preferFlat),
          on: await this.clock.today(),
          processInstanceKey: job.processInstanceKey,
        },
        jobContext(job),
      );
      const accommodation: AccommodationVariable = {
        facilityId: result.facilityId,
        facilityName: result.facilityName,
        kind: result.kind,
        address: result.address,
        bedIds: result.bedIds,
      };
      return await job.complete({ accommodation });
    } catch (error) {
      if (error instanceof NoCapacityError) {
        return job.error('NO_CAPACITY', error.message);
      }
      throw error;
    }
  }

  /** Ends the person's occupancy on `on` (default today); the bed is free from that day. */
  @JobWorker('uv-release-accommodation', { fetchVariables: ['personId', 'on', 'returnEndedOn'] })
  async release(job: ZeebeJob<ReleaseAccommodationVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const v = job.variables;
    if (typeof v.personId !== 'string' || !UUID.test(v.personId)) {
      throw new Error('variable personId must be the uuid of a person');
    }
    // `returnEndedOn`: the day of departure when the return management ends (start listener of its end event)
    const on = v.on ?? v.returnEndedOn ?? null;
    if (on !== null && (typeof on !== 'string' || !ISO_DATE.test(on))) {
      throw new Error('variable on / returnEndedOn must be a date YYYY-MM-DD');
    }
    const released = await this.accommodation.release(v.personId, on ?? (await this.clock.today()));
    // released: false when the person had no accommodation to end
    return job.complete({
      accommodationReleased: released
        ? { released: true, facilityId: released.facilityId, bedId: released.bedId, on: released.toDate }
        : { released: false },
    });
  }

  /**
   * Start listener of the arrival's end event "not arrived": the household never moved in, so every bed
   * this arrival process allocated is free again from today.
   */
  @JobWorker('uv-release-no-show', { fetchVariables: [] })
  async releaseNoShow(job: ZeebeJob): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const freed = await this.accommodation.releaseAllocationsOf(
      job.processInstanceKey,
      await this.clock.today(),
    );
    return job.complete({ accommodationBedsFreed: freed });
  }
}
