/**
 * Accommodation allocation against real capacity on real PostgreSQL and the embedded engine: where
 * people are placed (GU as a rule, flats for families and vulnerable persons, households together, a
 * flat for one household), release and transfer, and that no bed is ever given twice, also under
 * concurrent allocation and against a write that bypasses the service.
 */
import {
  AccommodationService,
  NoCapacityError,
  type AllocationResult,
} from '../../../src/agencies/accommodation/accommodation.service';
import { AccommodationWorker } from '../../../src/agencies/accommodation/accommodation.worker';
import { CasesService, type Person } from '../../../src/cases';
import { addDays } from '../../../src/common/calendar';
import { createFacility, createFlat } from '../../factories/accommodation.factory';
import { createPerson } from '../../factories/person.factory';
import { deploy } from '../../utils/engine';
import { useScenarioApp } from '../../utils/scenario';

const ON = '2026-03-02';

describe('accommodation allocation', () => {
  const s = useScenarioApp();
  const accommodation = (): AccommodationService => s.service(AccommodationService);
  const cases = (): CasesService => s.service(CasesService);

  const sql = <T>(query: string, params: unknown[] = []): Promise<T[]> =>
    s.orm.em.fork().execute<T[]>(query, params);

  /** each test sees only the facilities it creates */
  beforeEach(async () => {
    await sql(`update accommodation_facility set active = false`);
  });

  async function household(
    size: number,
    overrides: Partial<Parameters<CasesService['createPerson']>[0]> = {},
  ) {
    const h = await cases().createHousehold({ reference: `ZW-${Date.now()}` });
    const members: Person[] = [];
    for (let i = 0; i < size; i++) {
      members.push(
        await createPerson(cases(), {
          householdId: h.id,
          dateOfBirth: i < 2 ? `199${i}-01-01` : `201${i}-01-01`,
          ...overrides,
        }),
      );
    }
    return { householdId: h.id, personIds: members.map((m) => m.id) };
  }

  async function roomOf(bedId: string): Promise<string> {
    const [row] = await sql<{ room_id: string }>(`select room_id from accommodation_bed where id = ?`, [
      bedId,
    ]);
    return row.room_id;
  }

  it('places a single adult in a GU bed and counts the bed as occupied', async () => {
    const gu = await createFacility(accommodation(), { rooms: [2] });
    const flat = await createFlat(accommodation());
    const person = await createPerson(cases());

    const result = await accommodation().allocate({
      personIds: [person.id],
      vulnerable: false,
      preferFlat: false,
      on: ON,
    });

    expect(result).toMatchObject({ facilityId: gu.facility.id, kind: 'GU', existing: false });
    expect(gu.bedIds).toContain(result.bedIds[0]);
    expect(result.reasons).toContainEqual(
      expect.objectContaining({ code: 'GU_AS_A_RULE', paragraph: '§ 53 Abs. 1 AsylG' }),
    );
    expect(await accommodation().currentAllocation(person.id)).toMatchObject({
      bedId: result.bedIds[0],
      facilityId: gu.facility.id,
      fromDate: ON,
    });
    const overview = await accommodation().capacity(ON);
    expect(overview.find((f) => f.facilityId === gu.facility.id)).toMatchObject({
      beds: 2,
      occupied: 1,
      free: 1,
    });
    expect(overview.find((f) => f.facilityId === flat.facility.id)).toMatchObject({
      beds: 4,
      occupied: 0,
      free: 4,
    });
    const events = await cases().events(person.id);
    expect(events.filter((e) => e.type === 'AccommodationAllocated').map((e) => e.payload)).toEqual([
      { facilityId: gu.facility.id, kind: 'GU', bedIds: result.bedIds },
    ]);
  });

  it('keeps a household together in one room of its own and gives a family a flat first', async () => {
    const gu = await createFacility(accommodation(), { rooms: [2, 4, 4] });
    // the GU places the family in room 102 or 103 (4 beds each), never split
    const family = await household(4);
    const inGu = await accommodation().allocate({
      ...family,
      vulnerable: false,
      preferFlat: false,
      on: ON,
      facilityId: gu.facility.id,
    });
    expect(inGu.bedIds).toHaveLength(4);
    expect(new Set(await Promise.all(inGu.bedIds.map(roomOf))).size).toBe(1);
    expect(gu.rooms.slice(1).map((r) => r.roomId)).toContain(await roomOf(inGu.bedIds[0]));

    // with a flat free, the next family gets the flat (BRIEF § 2 [local]); a single adult stays in the GU
    const flat = await createFlat(accommodation(), { rooms: [2, 1] });
    const couple = await household(3);
    const inFlat = await accommodation().allocate({
      ...couple,
      vulnerable: false,
      preferFlat: false,
      on: ON,
    });
    expect(inFlat).toMatchObject({ facilityId: flat.facility.id, kind: 'flat' });
    expect(inFlat.reasons).toContainEqual(expect.objectContaining({ code: 'FAMILY_FLAT_PRIORITY' }));
    expect([...inFlat.bedIds].sort()).toEqual([...flat.bedIds].sort());

    const single = await createPerson(cases());
    const singleResult = await accommodation().allocate({
      personIds: [single.id],
      vulnerable: false,
      preferFlat: false,
      on: ON,
    });
    expect(singleResult).toMatchObject({ facilityId: gu.facility.id, kind: 'GU' });
  });

  it('gives a vulnerable person a flat first, and a flat only to one household', async () => {
    const gu = await createFacility(accommodation(), { rooms: [4] });
    const flat = await createFlat(accommodation(), { rooms: [2, 2] });
    const couple = await household(2);
    const first = await accommodation().allocate({ ...couple, vulnerable: false, preferFlat: false, on: ON });
    expect(first.facilityId).toBe(flat.facility.id);

    // two beds of the flat are still free, but the flat belongs to the couple's household
    const vulnerable = await createPerson(cases(), { vulnerabilities: ['pregnancy'] });
    const second = await accommodation().allocate({
      personIds: [vulnerable.id],
      vulnerable: true,
      preferFlat: false,
      on: ON,
    });
    expect(second).toMatchObject({ facilityId: gu.facility.id, kind: 'GU' });
    expect(second.reasons).toContainEqual(
      expect.objectContaining({
        code: 'VULNERABLE_FLAT_PRIORITY',
        paragraph: 'Art. 21 RL 2013/33/EU; BRIEF § 2 [local]',
      }),
    );

    // a later-arriving member of the couple's household joins them in their flat
    const child = await createPerson(cases(), { householdId: couple.householdId, dateOfBirth: '2026-01-05' });
    const joined = await accommodation().allocate({
      personIds: [...couple.personIds, child.id],
      householdId: couple.householdId,
      vulnerable: false,
      preferFlat: false,
      on: ON,
    });
    expect(joined).toMatchObject({ facilityId: flat.facility.id, existing: false });
    expect(joined.allocations.map((a) => a.personId)).toEqual([child.id]);
    expect(joined.bedIds).toHaveLength(3);
  });

  it('answers NO_CAPACITY when no single facility can take the whole household', async () => {
    await createFacility(accommodation(), { rooms: [2] });
    await createFacility(accommodation(), { rooms: [2] });
    const family = await household(3);
    await expect(
      accommodation().allocate({ ...family, vulnerable: false, preferFlat: false, on: ON }),
    ).rejects.toBeInstanceOf(NoCapacityError);
    for (const id of family.personIds) expect(await accommodation().currentAllocation(id)).toBeNull();
  });

  it('releases a bed on the move-out day, after which it can be given again', async () => {
    const gu = await createFacility(accommodation(), { rooms: [1] });
    const a = await createPerson(cases());
    const b = await createPerson(cases());
    const first = await accommodation().allocate({
      personIds: [a.id],
      vulnerable: false,
      preferFlat: false,
      on: ON,
    });
    await expect(
      accommodation().allocate({ personIds: [b.id], vulnerable: false, preferFlat: false, on: ON }),
    ).rejects.toMatchObject({ code: 'NO_CAPACITY' });

    await expect(accommodation().release(a.id, '2026-03-01')).rejects.toMatchObject({
      code: 'INVALID_RELEASE_DATE',
    });
    const released = await accommodation().release(a.id, '2026-04-15');
    expect(released).toMatchObject({ bedId: first.bedIds[0], fromDate: ON, toDate: '2026-04-15' });
    // a repeated release (a retried job) changes nothing and reports the same
    expect(await accommodation().release(a.id, '2026-04-15')).toEqual(released);
    expect(await accommodation().currentAllocation(a.id)).toBeNull();

    // the night before the move-out the bed is still taken; from the move-out day it is free
    await expect(
      accommodation().allocate({ personIds: [b.id], vulnerable: false, preferFlat: false, on: '2026-04-14' }),
    ).rejects.toMatchObject({ code: 'NO_CAPACITY' });
    const second = await accommodation().allocate({
      personIds: [b.id],
      vulnerable: false,
      preferFlat: false,
      on: '2026-04-15',
    });
    expect(second.bedIds).toEqual(first.bedIds);
    expect(
      (await accommodation().capacity('2026-04-01')).find((f) => f.facilityId === gu.facility.id),
    ).toMatchObject({
      occupied: 1,
    });
  });

  it('transfers a household to another facility in one step', async () => {
    const from = await createFacility(accommodation(), { rooms: [4] });
    const to = await createFacility(accommodation(), { rooms: [4] });
    const family = await household(2);
    const before = await accommodation().allocate({
      ...family,
      vulnerable: false,
      preferFlat: false,
      on: ON,
      facilityId: from.facility.id,
    });
    const after = await accommodation().transfer({
      ...family,
      vulnerable: false,
      preferFlat: false,
      on: '2026-05-01',
      facilityId: to.facility.id,
    });
    expect(after.facilityId).toBe(to.facility.id);
    expect(after.bedIds.some((id) => before.bedIds.includes(id))).toBe(false);
    const rows = await sql<{ bed_id: string; from_date: string; to_date: string | null }>(
      `select bed_id, to_char(from_date, 'YYYY-MM-DD') as from_date, to_char(to_date, 'YYYY-MM-DD') as to_date
         from accommodation_allocation where person_id = ? order by from_date`,
      [family.personIds[0]],
    );
    expect(rows).toEqual([
      { bed_id: before.bedIds[0], from_date: ON, to_date: '2026-05-01' },
      { bed_id: after.bedIds[0], from_date: '2026-05-01', to_date: null },
    ]);
    // a transfer without a place moves nobody
    await expect(
      accommodation().transfer({
        ...family,
        vulnerable: false,
        preferFlat: false,
        on: '2026-06-01',
        facilityId: from.facility.id,
      }),
    ).resolves.toMatchObject({ facilityId: from.facility.id });
    const full = await createFacility(accommodation(), { rooms: [1] });
    await expect(
      accommodation().transfer({
        ...family,
        vulnerable: false,
        preferFlat: false,
        on: '2026-07-01',
        facilityId: full.facility.id,
      }),
    ).rejects.toMatchObject({ code: 'NO_CAPACITY' });
    expect(await accommodation().currentAllocation(family.personIds[0])).toMatchObject({
      facilityId: from.facility.id,
    });
  });

  it('never gives a bed twice: 30 concurrent allocations for 10 beds → 10 placed, 20 NO_CAPACITY', async () => {
    const gu = await createFacility(accommodation(), { rooms: [4, 4, 2] });
    const persons = await Promise.all(Array.from({ length: 30 }, () => createPerson(cases())));

    // each call runs in its own forked EntityManager (s.service forks per call)
    const outcomes = await Promise.allSettled(
      persons.map((p) =>
        accommodation().allocate({ personIds: [p.id], vulnerable: false, preferFlat: false, on: ON }),
      ),
    );
    const placed = outcomes.filter(
      (o): o is PromiseFulfilledResult<AllocationResult> => o.status === 'fulfilled',
    );
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused.map((r) => (r.reason as { code?: string }).code)).toEqual(Array(20).fill('NO_CAPACITY'));
    expect(placed).toHaveLength(10);
    const beds = placed.map((p) => p.value.bedIds[0]);
    expect(new Set(beds).size).toBe(10);
    expect([...beds].sort()).toEqual([...gu.bedIds].sort());

    const twice = await sql<{ bed_id: string; n: string }>(
      `select bed_id, count(*) as n from accommodation_allocation
        where bed_id = any(?::uuid[]) and to_date is null group by bed_id having count(*) > 1`,
      [`{${gu.bedIds.join(',')}}`],
    );
    expect(twice).toEqual([]);
    expect((await accommodation().capacity(ON)).find((f) => f.facilityId === gu.facility.id)).toMatchObject({
      beds: 10,
      occupied: 10,
      free: 0,
    });
  });

  it('concurrent households take disjoint beds, each household in one room', async () => {
    await createFacility(accommodation(), { rooms: [3, 3, 3, 3] });
    const households = await Promise.all(Array.from({ length: 6 }, () => household(3)));
    const outcomes = await Promise.allSettled(
      households.map((h) => accommodation().allocate({ ...h, vulnerable: false, preferFlat: false, on: ON })),
    );
    const placed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(placed).toHaveLength(4);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(2);
    const allBeds = placed.flatMap((p) => p.bedIds);
    expect(new Set(allBeds).size).toBe(12);
    for (const p of placed) expect(new Set(await Promise.all(p.bedIds.map(roomOf))).size).toBe(1);
  });

  it('the database itself refuses a second occupancy of a bed (exclusion constraint)', async () => {
    const gu = await createFacility(accommodation(), { rooms: [1] });
    const a = await createPerson(cases());
    const b = await createPerson(cases());
    await accommodation().allocate({ personIds: [a.id], vulnerable: false, preferFlat: false, on: ON });
    await expect(
      sql(
        `insert into accommodation_allocation (id, bed_id, person_id, from_date, allocated_at)
         values (gen_random_uuid(), ?, ?, '2026-06-01', now())`,
        [gu.bedIds[0], b.id],
      ),
    ).rejects.toMatchObject({ code: '23P01' });
    // and a second current bed for one person
    const other = await createFacility(accommodation(), { rooms: [1] });
    await expect(
      sql(
        `insert into accommodation_allocation (id, bed_id, person_id, from_date, allocated_at)
         values (gen_random_uuid(), ?, ?, '2026-06-01', now())`,
        [other.bedIds[0], a.id],
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });

  describe('job workers through the embedded engine', () => {
    const PROCESS = 'test-uv-allocation';
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${PROCESS}" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="allocate"/>
    <bpmn:serviceTask id="allocate" name="Unterkunft zuweisen">
      <bpmn:extensionElements><zeebe:taskDefinition type="uv-allocate-accommodation"/></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="noCapacity" attachedToRef="allocate">
      <bpmn:errorEventDefinition errorRef="errNoCapacity"/>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="allocate" targetRef="review"/>
    <bpmn:userTask id="review" name="Zuweisung prüfen"/>
    <bpmn:sequenceFlow id="f2b" sourceRef="review" targetRef="release"/>
    <bpmn:serviceTask id="release" name="Unterkunft freigeben">
      <bpmn:extensionElements><zeebe:taskDefinition type="uv-release-accommodation"/></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="release" targetRef="afterRelease"/>
    <bpmn:userTask id="afterRelease" name="Auszug prüfen"/>
    <bpmn:sequenceFlow id="f3b" sourceRef="afterRelease" targetRef="done"/>
    <bpmn:endEvent id="done"/>
    <bpmn:sequenceFlow id="f4" sourceRef="noCapacity" targetRef="noPlace"/>
    <bpmn:endEvent id="noPlace"/>
  </bpmn:process>
  <bpmn:error id="errNoCapacity" errorCode="NO_CAPACITY"/>
</bpmn:definitions>`;

    beforeAll(async () => {
      await deploy(s.zeebe, xml);
    });

    it('allocates for the whole household, passes `accommodation` on, and releases on `on`', async () => {
      const flat = await createFlat(accommodation(), { rooms: [2, 2], name: 'Wohnung Zeitz, Markt 1' });
      await createFacility(accommodation(), { rooms: [4] });
      const family = await household(3);
      const today = await s.today();
      const moveOut = addDays(today, 30);
      const pi = await s.start(PROCESS, {
        personId: family.personIds[1],
        householdId: family.householdId,
        householdSize: 3,
        vulnerable: false,
        preferFlat: false,
        on: moveOut,
      });
      // the caseworker's next task sees the allocation
      const review = await s.userTask(pi, 'review');
      expect(review.variables.accommodation).toEqual({
        facilityId: flat.facility.id,
        facilityName: 'Wohnung Zeitz, Markt 1',
        kind: 'flat',
        address: flat.facility.address,
        bedIds: expect.arrayContaining([]),
      });
      const bedIds = (review.variables.accommodation as { bedIds: string[] }).bedIds;
      expect(bedIds).toHaveLength(3);
      expect(bedIds.every((id) => flat.bedIds.includes(id))).toBe(true);
      await s.zeebe.completeJob(review.key, {});
      const afterRelease = await s.userTask(pi, 'afterRelease');
      expect(afterRelease.variables.accommodationReleased).toMatchObject({
        released: true,
        on: moveOut,
        bedId: bedIds[0],
      });

      const [row] = await sql<{ from_date: string; to_date: string; pik: string }>(
        `select to_char(from_date, 'YYYY-MM-DD') as from_date, to_char(to_date, 'YYYY-MM-DD') as to_date,
                process_instance_key::text as pik
           from accommodation_allocation where person_id = ?`,
        [family.personIds[1]],
      );
      expect(row).toEqual({ from_date: today, to_date: moveOut, pik: pi });
      await s.zeebe.completeJob(afterRelease.key, {});
      expect(await s.waitForEnd(pi)).toEqual(['done']);
      // the other members are still accommodated; every member has the event, from this instance
      expect(await accommodation().currentAllocation(family.personIds[0])).toMatchObject({
        facilityId: flat.facility.id,
      });
      const events = await cases().eventsOfInstance(pi);
      expect(
        events
          .filter((e) => e.type === 'AccommodationAllocated')
          .map((e) => e.personId)
          .sort(),
      ).toEqual([...family.personIds].sort());

      // a retried job of that instance gets the same allocation back
      const again = await accommodation().allocate({
        personIds: [family.personIds[0], family.personIds[2]],
        householdId: family.householdId,
        vulnerable: false,
        preferFlat: false,
        on: today,
        processInstanceKey: pi,
      });
      expect(again).toMatchObject({ existing: true, facilityId: flat.facility.id });
      expect(
        (await cases().eventsOfInstance(pi)).filter((e) => e.type === 'AccommodationAllocated'),
      ).toHaveLength(3);
    });

    it('answers a redelivered job with the same allocation, and reads vulnerabilities from the case file', async () => {
      const flat = await createFlat(accommodation(), { rooms: [1] });
      await createFacility(accommodation(), { rooms: [4] });
      const person = await createPerson(cases(), { vulnerabilities: ['disability'] });
      const completed: unknown[] = [];
      const job = {
        key: '2251799813699001',
        processInstanceKey: '2251799813699000',
        bpmnProcessId: 'arrival-reception',
        variables: {
          personId: person.id,
          householdId: null,
          householdSize: 1,
          vulnerable: false,
          preferFlat: false,
        },
        complete: (vars: unknown) => {
          completed.push(vars);
          return Promise.resolve('JOB_ACTION_ACKNOWLEDGEMENT' as const);
        },
        error: () => Promise.reject(new Error('no BPMN error expected')),
      };
      const worker = s.service(AccommodationWorker);
      await worker.allocate(job as never);
      await worker.allocate(job as never); // the same job again (timeout, redelivery)
      expect(completed).toHaveLength(2);
      expect(completed[1]).toEqual(completed[0]);
      expect(completed[0]).toMatchObject({
        accommodation: { facilityId: flat.facility.id, kind: 'flat', bedIds: flat.bedIds },
      });
      const rows = await sql<{ n: string }>(
        `select count(*) as n from accommodation_allocation where person_id = ?`,
        [person.id],
      );
      expect(Number(rows[0].n)).toBe(1);
      expect(
        (await cases().events(person.id)).filter((e) => e.type === 'AccommodationAllocated'),
      ).toHaveLength(1);
    });

    it('releases on the day the return management ended (returnEndedOn) when `on` is not set', async () => {
      await createFacility(accommodation(), { rooms: [1] });
      const person = await createPerson(cases());
      const placed = await accommodation().allocate({
        personIds: [person.id],
        vulnerable: false,
        preferFlat: false,
        on: ON,
      });
      const completed: unknown[] = [];
      const job = {
        key: '2251799813699101',
        processInstanceKey: '2251799813699100',
        bpmnProcessId: 'return-management',
        variables: { personId: person.id, returnEndedOn: '2026-08-14' },
        complete: (vars: unknown) => {
          completed.push(vars);
          return Promise.resolve('JOB_ACTION_ACKNOWLEDGEMENT' as const);
        },
      };
      await s.service(AccommodationWorker).release(job as never);
      await s.service(AccommodationWorker).release(job as never); // redelivered
      const expected = {
        accommodationReleased: {
          released: true,
          facilityId: placed.facilityId,
          bedId: placed.bedIds[0],
          on: '2026-08-14',
        },
      };
      expect(completed).toEqual([expected, expected]);
      expect(await accommodation().currentAllocation(person.id)).toBeNull();
    });

    it('takes the NO_CAPACITY boundary event when nothing is free', async () => {
      await createFacility(accommodation(), { rooms: [1] });
      const family = await household(2);
      const pi = await s.start(PROCESS, {
        personId: family.personIds[0],
        householdId: family.householdId,
        householdSize: 2,
        vulnerable: false,
        preferFlat: false,
      });
      expect(await s.waitForEnd(pi)).toEqual(['noPlace']);
      expect(await s.path(pi)).not.toContain('release');
      expect(await s.incidents(pi)).toEqual([]);
      expect(await accommodation().currentAllocation(family.personIds[0])).toBeNull();
    });
  });
});
