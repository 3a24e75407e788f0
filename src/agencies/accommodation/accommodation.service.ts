import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CasesService, type EventContext } from '../../cases';
import { ConflictError, DomainError, NotFoundError } from '../../common';
import { ParametersService } from '../../parameters';
import {
  FACILITY_KINDS,
  rankAccommodation,
  type AccommodationPolicy,
  type FacilityCapacity,
  type FacilityKind,
  type Reason,
} from './accommodation-priority.rules';
import { Bed } from './bed.entity';
import { Facility } from './facility.entity';
import { Room } from './room.entity';

export interface NewFacility {
  name: string;
  kind: FacilityKind;
  address: string;
  municipality: string;
  active?: boolean;
}

export interface NewRoom {
  label: string;
  /** a number of beds (labelled 1..n) or the bed labels */
  beds: number | string[];
}

export interface RoomWithBeds {
  roomId: string;
  label: string;
  bedIds: string[];
}

export interface AllocationRequest {
  /** the persons to place together (a household's members, or one person) */
  personIds: string[];
  householdId?: string | null;
  /** a member of the household is vulnerable (BRIEF § 2 vulnerability flags) */
  vulnerable: boolean;
  /** UV asks for a flat */
  preferFlat: boolean;
  /** ISO date of the first night */
  on: string;
  /** the allocating process instance: a retried job returns the allocation it made */
  processInstanceKey?: string | null;
  /** only this facility (transfer to a named place) */
  facilityId?: string | null;
}

export interface AllocationResult {
  facilityId: string;
  facilityName: string;
  kind: FacilityKind;
  address: string;
  /** the beds, in the order of the request's personIds */
  bedIds: string[];
  allocations: { allocationId: string; personId: string; bedId: string }[];
  /** why this place (empty when the allocation existed already) */
  reasons: Reason[];
  /** true when every person was placed already (a retried job, or placed by another process) */
  existing: boolean;
}

export interface FacilityOccupancy {
  facilityId: string;
  name: string;
  kind: FacilityKind;
  address: string;
  municipality: string;
  active: boolean;
  rooms: number;
  beds: number;
  occupied: number;
  free: number;
}

export interface ReleasedAllocation {
  allocationId: string;
  personId: string;
  bedId: string;
  facilityId: string;
  fromDate: string;
  toDate: string;
}

/** No place for the household in any one facility: the model handles it (BPMN error NO_CAPACITY). */
export class NoCapacityError extends DomainError {
  readonly code = 'NO_CAPACITY';
}

export class FacilityNotFoundError extends NotFoundError {
  override readonly code = 'FACILITY_NOT_FOUND';
}

export class AllocationContendedError extends ConflictError {
  override readonly code = 'ALLOCATION_CONTENDED';
}

export class InvalidReleaseDateError extends ConflictError {
  override readonly code = 'INVALID_RELEASE_DATE';
}

/** a chosen bed was taken or locked by a concurrent allocation: rank again without it */
class BedsTaken extends Error {
  constructor(
    readonly bedIds: string[],
    readonly locked: boolean,
  ) {
    super('beds taken by a concurrent allocation');
  }
}

interface CapacityRow {
  facility_id: string;
  facility_name: string;
  kind: FacilityKind;
  room_id: string;
  room_label: string;
  bed_id: string;
  bed_label: string;
  occupied: boolean;
  own: boolean;
}

interface CurrentRow {
  allocation_id: string;
  person_id: string;
  bed_id: string;
  facility_id: string;
}

const POLICY_KEYS = {
  flatPriorityGroups: 'accommodation.flatPriorityGroups',
  familyMinSize: 'accommodation.familyMinSize',
  flatFallbackForOthers: 'accommodation.flatFallbackForOthers',
} as const;

/** attempts per round (a bed taken concurrently → rank again without it) */
const MAX_ATTEMPTS = 20;
/** rounds when the only free beds were locked by concurrent allocations that may still roll back */
const MAX_ROUNDS = 5;

const collator = new Intl.Collator('de', { numeric: true });

/** a uuid[] parameter as a PostgreSQL array literal (the driver would expand a JS array into a list) */
function uuidArray(ids: string[]): string {
  return `{${ids.join(',')}}`;
}

/**
 * Accommodation management (UV): facilities, rooms and beds, and the allocation of beds against the
 * real capacity. A bed is never given twice: allocations lock the chosen beds (FOR UPDATE SKIP LOCKED,
 * so concurrent allocations take different beds instead of waiting), re-check them under the lock, and
 * the database refuses overlapping occupancies of one bed (exclusion constraint) as the last guard.
 */
@Injectable()
export class AccommodationService {
  private readonly logger = new Logger(AccommodationService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly parameters: ParametersService,
    private readonly cases: CasesService,
  ) {}

  async addFacility(input: NewFacility): Promise<Facility> {
    if (!FACILITY_KINDS.includes(input.kind)) throw new Error(`unknown facility kind "${input.kind}"`);
    const facility = this.em.create(Facility, {
      name: input.name,
      kind: input.kind,
      address: input.address,
      municipality: input.municipality,
      active: input.active ?? true,
    });
    await this.em.persistAndFlush(facility);
    return facility;
  }

  /** Adds a room with its beds to a facility; returns the room's and beds' ids. */
  async addRoom(facilityId: string, input: NewRoom): Promise<RoomWithBeds> {
    const facility = await this.em.findOne(Facility, { id: facilityId });
    if (!facility) throw new FacilityNotFoundError('Facility not found', { facilityId });
    const labels =
      typeof input.beds === 'number'
        ? Array.from({ length: input.beds }, (_, i) => String(i + 1))
        : input.beds;
    if (labels.length === 0) throw new Error('a room needs at least one bed');
    const room = this.em.create(Room, { facility, label: input.label });
    const beds = labels.map((label) => this.em.create(Bed, { room, label }));
    await this.em.flush();
    return { roomId: room.id, label: room.label, bedIds: beds.map((b) => b.id) };
  }

  async setFacilityActive(facilityId: string, active: boolean): Promise<void> {
    const facility = await this.em.findOne(Facility, { id: facilityId });
    if (!facility) throw new FacilityNotFoundError('Facility not found', { facilityId });
    facility.active = active;
    await this.em.flush();
  }

  /** Beds, occupied and free beds per facility on a date (occupied = an occupancy covers that night or later). */
  async capacity(on: string): Promise<FacilityOccupancy[]> {
    const rows = await this.em.execute<
      {
        id: string;
        name: string;
        kind: FacilityKind;
        address: string;
        municipality: string;
        active: boolean;
        rooms: string;
        beds: string;
        occupied: string;
      }[]
    >(
      `select f.id, f.name, f.kind, f.address, f.municipality, f.active,
              count(distinct r.id) as rooms, count(b.id) as beds,
              count(b.id) filter (where exists (
                select 1 from accommodation_allocation a
                 where a.bed_id = b.id and a.from_date <= ? and (a.to_date is null or a.to_date > ?))) as occupied
         from accommodation_facility f
         left join accommodation_room r on r.facility_id = f.id
         left join accommodation_bed b on b.room_id = r.id
        group by f.id
        order by f.name`,
      [on, on],
    );
    return rows.map((r) => {
      const beds = Number(r.beds);
      const occupied = Number(r.occupied);
      return {
        facilityId: r.id,
        name: r.name,
        kind: r.kind,
        address: r.address,
        municipality: r.municipality,
        active: r.active,
        rooms: Number(r.rooms),
        beds,
        occupied,
        free: beds - occupied,
      };
    });
  }

  /** The allocation policy in force on a date (versioned [local] parameters). */
  async policy(on: string): Promise<AccommodationPolicy> {
    return {
      flatPriorityGroups: await this.parameters.get(POLICY_KEYS.flatPriorityGroups, on),
      familyMinSize: await this.parameters.get(POLICY_KEYS.familyMinSize, on),
      flatFallbackForOthers: await this.parameters.get(POLICY_KEYS.flatFallbackForOthers, on),
    };
  }

  /**
   * Places the persons of a request together, from `on`, in the best-ranked place
   * (accommodation-priority.rules). Members already placed keep their bed; the others are placed next
   * to them where possible. Idempotent: when everybody is placed already, returns that allocation.
   * Throws NoCapacityError when no single facility has room for the persons still to place.
   */
  async allocate(request: AllocationRequest, ctx?: EventContext): Promise<AllocationResult> {
    const personIds = [...new Set(request.personIds)];
    if (personIds.length === 0) throw new Error('an allocation needs at least one person');
    const policy = await this.policy(request.on);
    const result = await this.em.transactional((em) =>
      this.allocateIn(em, { ...request, personIds }, policy, []),
    );
    await this.recordAllocated(result, request.on, ctx);
    return result;
  }

  /**
   * Moves persons to another place on `on`: their current occupancy ends that day, a new one starts
   * (in `request.facilityId` if given). One transaction: without a new place nobody moves.
   */
  async transfer(request: AllocationRequest, ctx?: EventContext): Promise<AllocationResult> {
    const personIds = [...new Set(request.personIds)];
    const policy = await this.policy(request.on);
    const result = await this.em.transactional(async (em) => {
      const current = await this.currentRows(em, personIds);
      for (const row of current) await this.releaseIn(em, row.person_id, request.on);
      return this.allocateIn(
        em,
        { ...request, personIds, processInstanceKey: request.processInstanceKey ?? null },
        policy,
        current.map((r) => r.bed_id),
      );
    });
    await this.recordAllocated(result, request.on, ctx);
    return result;
  }

  /**
   * Ends a person's current occupancy: `on` is the move-out day, from which the bed is free again.
   * Idempotent: when nothing is current, returns the occupancy that ended on `on` (or null).
   */
  async release(personId: string, on: string): Promise<ReleasedAllocation | null> {
    return this.em.transactional((em) => this.releaseIn(em, personId, on));
  }

  /**
   * Frees every bed a process instance allocated and that is still held (a household that never
   * arrived): the stay ends on `on`, or, if it had not begun, the reservation ends on its first day.
   * Idempotent; returns the number of beds freed.
   */
  async releaseAllocationsOf(processInstanceKey: string, on: string): Promise<number> {
    const rows = await this.em.execute<{ id: string }[]>(
      `update accommodation_allocation set to_date = greatest(from_date, ?::date), released_at = now()
        where process_instance_key = ? and to_date is null
        returning id`,
      [on, processInstanceKey],
    );
    return rows.length;
  }

  /** the person's current bed, facility and dates; null when not accommodated */
  async currentAllocation(
    personId: string,
  ): Promise<{ allocationId: string; bedId: string; facilityId: string; fromDate: string } | null> {
    const rows = await this.em.execute<
      { id: string; bed_id: string; facility_id: string; from_date: string }[]
    >(
      `select a.id, a.bed_id, r.facility_id, to_char(a.from_date, 'YYYY-MM-DD') as from_date
         from accommodation_allocation a
         join accommodation_bed b on b.id = a.bed_id
         join accommodation_room r on r.id = b.room_id
        where a.person_id = ? and a.to_date is null`,
      [personId],
    );
    const row = rows[0];
    return row
      ? { allocationId: row.id, bedId: row.bed_id, facilityId: row.facility_id, fromDate: row.from_date }
      : null;
  }

  // ---------------------------------------------------------------------------------------------

  private async allocateIn(
    em: EntityManager,
    request: AllocationRequest,
    policy: AccommodationPolicy,
    avoidBedIds: string[],
  ): Promise<AllocationResult> {
    const { personIds } = request;
    // everybody placed already (a retried job of the same instance, or placed by another process):
    // that allocation, unchanged
    const current = await this.currentRows(em, personIds);
    const placed = new Set(current.map((r) => r.person_id));
    const toPlace = personIds.filter((id) => !placed.has(id));
    if (toPlace.length === 0) return this.resultOf(em, personIds, current, [], true);

    const householdFacilities = new Set(current.map((r) => r.facility_id));
    const excluded = new Set(avoidBedIds);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const lockedNow = new Set<string>();
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const facilities = await this.loadCapacity(
          em,
          request,
          householdFacilities,
          new Set([...excluded, ...lockedNow]),
        );
        const decision = rankAccommodation(
          {
            personsToPlace: toPlace.length,
            householdSize: personIds.length,
            vulnerable: request.vulnerable,
            preferFlat: request.preferFlat,
            facilities,
          },
          policy,
        );
        const best = decision.options[0];
        if (decision.decision === 'no-capacity' || !best) {
          if (lockedNow.size === 0) {
            throw new NoCapacityError(
              `Kein freier Platz für ${toPlace.length} ${toPlace.length === 1 ? 'Person' : 'Personen'} in einer Unterkunft`,
              { persons: toPlace.length },
            );
          }
          break; // beds locked by concurrent allocations: wait and look again
        }
        try {
          const allocations = await em.transactional((sp) => this.claim(sp, best.bedIds, toPlace, request));
          const all = await this.currentRows(em, personIds);
          const result = await this.resultOf(
            em,
            personIds,
            all,
            [...decision.reasons, ...best.reasons],
            false,
          );
          return { ...result, allocations };
        } catch (error) {
          if (!(error instanceof BedsTaken)) throw error;
          this.logger.debug({
            msg: 'beds taken by a concurrent allocation; ranking again',
            beds: error.bedIds.length,
            locked: error.locked,
            round,
            attempt,
          });
          for (const id of error.bedIds) (error.locked ? lockedNow : excluded).add(id);
        }
      }
      await sleep(10 + Math.floor(Math.random() * 20) * (round + 1));
    }
    // free beds exist but stayed locked by concurrent allocations: a technical condition (the job
    // fails and is retried), not the business outcome NO_CAPACITY
    throw new AllocationContendedError(
      'Freie Betten werden gerade anderweitig vergeben; bitte erneut versuchen',
      {
        persons: toPlace.length,
      },
    );
  }

  /**
   * Inside a savepoint: lock the beds (skipping those another allocation holds), re-check under the
   * lock that nobody occupies them, insert the occupancies. Throws BedsTaken to roll the savepoint
   * back (which releases the locks) so that the caller ranks again.
   */
  private async claim(
    em: EntityManager,
    bedIds: string[],
    personIds: string[],
    request: AllocationRequest,
  ): Promise<{ allocationId: string; personId: string; bedId: string }[]> {
    const locked = await em.execute<{ id: string }[]>(
      `select id from accommodation_bed where id = any(?::uuid[]) order by id for update skip locked`,
      [uuidArray(bedIds)],
    );
    const lockedIds = new Set(locked.map((r) => r.id));
    const notLocked = bedIds.filter((id) => !lockedIds.has(id));
    if (notLocked.length > 0) throw new BedsTaken(notLocked, true);
    // a new statement sees every occupancy committed before the lock was granted
    const taken = await em.execute<{ bed_id: string }[]>(
      `select bed_id from accommodation_allocation
        where bed_id = any(?::uuid[]) and (to_date is null or to_date > ?)`,
      [uuidArray(bedIds), request.on],
    );
    if (taken.length > 0) throw new BedsTaken([...new Set(taken.map((r) => r.bed_id))], false);
    const allocations = personIds.map((personId, i) => ({
      allocationId: randomUUID(),
      personId,
      bedId: bedIds[i],
    }));
    try {
      for (const a of allocations) {
        await em.execute(
          `insert into accommodation_allocation
             (id, bed_id, person_id, household_id, from_date, to_date, process_instance_key, allocated_at)
           values (?, ?, ?, ?, ?, null, ?, now())`,
          [
            a.allocationId,
            a.bedId,
            a.personId,
            request.householdId ?? null,
            request.on,
            request.processInstanceKey ?? null,
          ],
        );
      }
    } catch (error) {
      // exclusion violation: the last guard held (an allocation path that did not lock the bed)
      if ((error as { code?: string }).code === '23P01') throw new BedsTaken(bedIds, false);
      throw error;
    }
    return allocations;
  }

  private async releaseIn(
    em: EntityManager,
    personId: string,
    on: string,
  ): Promise<ReleasedAllocation | null> {
    const rows = await em.execute<
      { id: string; bed_id: string; facility_id: string; from_date: string; to_date: string | null }[]
    >(
      `select a.id, a.bed_id, r.facility_id, to_char(a.from_date, 'YYYY-MM-DD') as from_date,
              to_char(a.to_date, 'YYYY-MM-DD') as to_date
         from accommodation_allocation a
         join accommodation_bed b on b.id = a.bed_id
         join accommodation_room r on r.id = b.room_id
        where a.person_id = ? and (a.to_date is null or a.to_date = ?)
        order by a.to_date nulls first, a.allocated_at desc
        limit 1
        for update of a`,
      [personId, on],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.to_date === null) {
      if (on < row.from_date) {
        throw new InvalidReleaseDateError('Auszug vor dem Einzug', { allocationId: row.id });
      }
      await em.execute(`update accommodation_allocation set to_date = ?, released_at = now() where id = ?`, [
        on,
        row.id,
      ]);
    }
    return {
      allocationId: row.id,
      personId,
      bedId: row.bed_id,
      facilityId: row.facility_id,
      fromDate: row.from_date,
      toDate: on,
    };
  }

  private currentRows(em: EntityManager, personIds: string[]): Promise<CurrentRow[]> {
    return em.execute<CurrentRow[]>(
      `select a.id as allocation_id, a.person_id, a.bed_id, r.facility_id
         from accommodation_allocation a
         join accommodation_bed b on b.id = a.bed_id
         join accommodation_room r on r.id = b.room_id
        where a.person_id = any(?::uuid[]) and a.to_date is null`,
      [uuidArray(personIds)],
    );
  }

  /** the capacity facts for the rule: every active facility's rooms with their free beds on the date */
  private async loadCapacity(
    em: EntityManager,
    request: AllocationRequest,
    householdFacilities: Set<string>,
    excluded: Set<string>,
  ): Promise<FacilityCapacity[]> {
    const rows = await em.execute<CapacityRow[]>(
      `select f.id as facility_id, f.name as facility_name, f.kind, r.id as room_id, r.label as room_label,
              b.id as bed_id, b.label as bed_label,
              exists (select 1 from accommodation_allocation a
                       where a.bed_id = b.id and (a.to_date is null or a.to_date > ?)) as occupied,
              exists (select 1 from accommodation_allocation a
                       where a.bed_id = b.id and (a.to_date is null or a.to_date > ?)
                         and a.person_id = any(?::uuid[])) as own
         from accommodation_facility f
         join accommodation_room r on r.facility_id = f.id
         join accommodation_bed b on b.room_id = r.id
        where f.active ${request.facilityId ? 'and f.id = ?' : ''}`,
      [
        request.on,
        request.on,
        uuidArray(request.personIds),
        ...(request.facilityId ? [request.facilityId] : []),
      ],
    );
    rows.sort(
      (a, b) =>
        collator.compare(a.facility_name, b.facility_name) ||
        collator.compare(a.room_label, b.room_label) ||
        collator.compare(a.bed_label, b.bed_label),
    );
    const facilities = new Map<string, FacilityCapacity>();
    const rooms = new Map<string, FacilityCapacity['rooms'][number]>();
    for (const row of rows) {
      let facility = facilities.get(row.facility_id);
      if (!facility) {
        facility = {
          facilityId: row.facility_id,
          name: row.facility_name,
          kind: row.kind,
          rooms: [],
          householdAlreadyHere: householdFacilities.has(row.facility_id),
        };
        facilities.set(row.facility_id, facility);
      }
      let room = rooms.get(row.room_id);
      if (!room) {
        room = {
          roomId: row.room_id,
          label: row.room_label,
          totalBeds: 0,
          freeBedIds: [],
          occupiedByOwnHousehold: false,
        };
        rooms.set(row.room_id, room);
        facility.rooms.push(room);
      }
      room.totalBeds++;
      if (row.own) room.occupiedByOwnHousehold = true;
      if (!row.occupied && !excluded.has(row.bed_id)) room.freeBedIds.push(row.bed_id);
    }
    return [...facilities.values()];
  }

  private async resultOf(
    em: EntityManager,
    personIds: string[],
    current: CurrentRow[],
    reasons: Reason[],
    existing: boolean,
  ): Promise<AllocationResult> {
    const byPerson = new Map(current.map((r) => [r.person_id, r]));
    const main = byPerson.get(personIds[0]) ?? current[0];
    const facility = await em.findOneOrFail(Facility, { id: main.facility_id });
    const ordered = personIds.map((id) => byPerson.get(id)).filter((r): r is CurrentRow => Boolean(r));
    return {
      facilityId: facility.id,
      facilityName: facility.name,
      kind: facility.kind,
      address: facility.address,
      bedIds: ordered.map((r) => r.bed_id),
      allocations: ordered.map((r) => ({
        allocationId: r.allocation_id,
        personId: r.person_id,
        bedId: r.bed_id,
      })),
      reasons,
      existing,
    };
  }

  /** one AccommodationAllocated event per placed person, once per occupancy (idempotent) */
  private async recordAllocated(result: AllocationResult, on: string, ctx?: EventContext): Promise<void> {
    for (const a of result.allocations) {
      await this.cases.recordEvent(
        'AccommodationAllocated',
        { facilityId: result.facilityId, kind: result.kind, bedIds: [a.bedId] },
        {
          personId: a.personId,
          occurredOn: on,
          ctx: {
            processInstanceKey: ctx?.processInstanceKey ?? null,
            bpmnProcessId: ctx?.bpmnProcessId ?? null,
            idempotencyPrefix: `accommodation-allocation:${a.allocationId}`,
          },
        },
      );
    }
    if (!result.existing) {
      this.logger.log({
        msg: 'accommodation allocated',
        facilityId: result.facilityId,
        beds: result.bedIds.length,
      });
    }
  }
}
