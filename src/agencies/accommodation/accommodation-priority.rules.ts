/**
 * Where a household is placed: the ranked accommodation options for an allocation request, computed
 * from the free capacity (facts in → ranked options with reasons out). Pure; the service loads the
 * capacity, the policy comes from the versioned parameters (table `parameter`).
 *
 * Rules, in order of weight:
 * 1. Kind of place. Asylum seekers "as a rule" live in a Gemeinschaftsunterkunft (§ 53 Abs. 1 AsylG);
 *    families and vulnerable persons get priority for flats [local] (BRIEF § 2; the groups are a
 *    parameter). A caseworker's recorded wish for a flat (preferFlat) ranks flats first as well. Persons
 *    without priority get a flat only as a fallback when no GU place is free, if the policy allows it.
 * 2. A household stays together (Art. 6 Abs. 1 GG, Art. 12 RL 2013/33/EU): one room where possible,
 *    otherwise one facility; a household is never split across facilities.
 * 3. A flat goes to one household only [local]: a flat is offered only if nobody else lives in it.
 * 4. Minimal fragmentation [local]: the smallest flat that fits; in a GU, a household of several gets a
 *    room of its own where possible and the room it fills best; a single person fills partly occupied
 *    rooms first, so empty rooms stay free for families.
 */
import type { Reason } from '../../common/rules/rule-result';
export type { Reason } from '../../common/rules/rule-result';

export type FacilityKind = 'GU' | 'flat';

export const FACILITY_KINDS: readonly FacilityKind[] = ['GU', 'flat'];

/** who gets priority for flats [local] */
export type FlatPriorityGroup = 'family' | 'vulnerable';

/** The allocation policy, read from the parameters table on the allocation date. */
export interface AccommodationPolicy {
  /** groups ranked flat-first (BRIEF § 2 [local]); parameter `accommodation.flatPriorityGroups` */
  flatPriorityGroups: readonly FlatPriorityGroup[];
  /** a household of at least this many persons counts as a family [local]; `accommodation.familyMinSize` */
  familyMinSize: number;
  /** persons without priority may get a flat when no GU place is free [local]; `accommodation.flatFallbackForOthers` */
  flatFallbackForOthers: boolean;
}

export interface RoomCapacity {
  roomId: string;
  label: string;
  /** beds in the room */
  totalBeds: number;
  /** free beds on the allocation date, in a stable order (e.g. by label) */
  freeBedIds: string[];
  /** the room has occupants who belong to the requesting household (members already placed) */
  occupiedByOwnHousehold?: boolean;
}

export interface FacilityCapacity {
  facilityId: string;
  name: string;
  kind: FacilityKind;
  rooms: RoomCapacity[];
  /** members of the requesting household already live here (a partly placed household) */
  householdAlreadyHere?: boolean;
}

export interface AllocationFacts {
  /** persons still to be placed */
  personsToPlace: number;
  /** persons of the whole household (placed or not); decides "family" */
  householdSize: number;
  vulnerable: boolean;
  preferFlat: boolean;
  facilities: FacilityCapacity[];
}

export interface RankedOption {
  facilityId: string;
  facilityName: string;
  kind: FacilityKind;
  /** the beds to give, one per person */
  bedIds: string[];
  /** rooms used */
  roomIds: string[];
  reasons: Reason[];
  /** the sort key (lower ranks first), for the record */
  rankKey: number[];
}

export interface AllocationDecision {
  decision: 'allocate' | 'no-capacity';
  /** the group(s) the request falls into */
  priority: { family: boolean; vulnerable: boolean; flatFirst: boolean };
  /** best first; empty when there is no capacity */
  options: RankedOption[];
  reasons: Reason[];
}

const P_GU = '§ 53 Abs. 1 AsylG';
const P_FLAT_PRIORITY = 'BRIEF § 2 (Vorrang Wohnung) [local]';
const P_FAMILY_UNITY = 'Art. 6 Abs. 1 GG; Art. 12 RL 2013/33/EU';
const P_VULNERABLE = 'Art. 21 RL 2013/33/EU; BRIEF § 2 [local]';
const P_FLAT_ONE_HOUSEHOLD = 'Verwaltungspraxis UV (eine Wohnung je Haushalt) [local]';
const P_FRAGMENTATION = 'Verwaltungspraxis UV (geringste Zersplitterung) [local]';

/**
 * Ranks the places for a household. Pure: the same facts and policy give the same ranking (ties broken
 * by facility name, then room label order, then ids).
 */
export function rankAccommodation(facts: AllocationFacts, policy: AccommodationPolicy): AllocationDecision {
  const needed = facts.personsToPlace;
  if (!Number.isInteger(needed) || needed < 1) throw new Error('personsToPlace must be a positive integer');
  const family = facts.householdSize >= policy.familyMinSize;
  const familyPriority = family && policy.flatPriorityGroups.includes('family');
  const vulnerablePriority = facts.vulnerable && policy.flatPriorityGroups.includes('vulnerable');
  const flatFirst = familyPriority || vulnerablePriority || facts.preferFlat;
  const priority = { family, vulnerable: facts.vulnerable, flatFirst };

  const reasons: Reason[] = [];
  if (familyPriority) {
    reasons.push({
      code: 'FAMILY_FLAT_PRIORITY',
      text: `Familie (${facts.householdSize} Personen): vorrangig Unterbringung in einer Wohnung.`,
      paragraph: P_FLAT_PRIORITY,
    });
  }
  if (vulnerablePriority) {
    reasons.push({
      code: 'VULNERABLE_FLAT_PRIORITY',
      text: 'Schutzbedürftige Person im Haushalt: vorrangig Unterbringung in einer Wohnung.',
      paragraph: P_VULNERABLE,
    });
  }
  if (facts.preferFlat && !familyPriority && !vulnerablePriority) {
    reasons.push({
      code: 'FLAT_REQUESTED',
      text: 'Die Unterkunftsverwaltung hat eine Wohnung angefordert.',
      paragraph: P_GU,
    });
  }
  if (!flatFirst) {
    reasons.push({
      code: 'GU_AS_A_RULE',
      text: 'Unterbringung in der Regel in einer Gemeinschaftsunterkunft.',
      paragraph: P_GU,
    });
  }
  if (needed > 1 || facts.householdSize > 1) {
    reasons.push({
      code: 'HOUSEHOLD_TOGETHER',
      text: 'Der Haushalt wird gemeinsam untergebracht (ein Zimmer, sonst eine Unterkunft).',
      paragraph: P_FAMILY_UNITY,
    });
  }

  const options: RankedOption[] = [];
  for (const facility of facts.facilities) {
    const option =
      facility.kind === 'flat'
        ? flatOption(facility, needed, flatFirst, policy.flatFallbackForOthers)
        : guOption(facility, needed);
    if (option) options.push(option);
  }
  options.sort(compareOptions);

  if (options.length === 0) {
    reasons.push({
      code: 'NO_CAPACITY',
      text: `Kein freier Platz für ${needed} ${needed === 1 ? 'Person' : 'Personen'} in einer Unterkunft.`,
      paragraph: P_FAMILY_UNITY,
    });
    return { decision: 'no-capacity', priority, options, reasons };
  }
  return { decision: 'allocate', priority, options, reasons };

  function flatOption(
    facility: FacilityCapacity,
    n: number,
    flatFirstForRequest: boolean,
    fallbackAllowed: boolean,
  ): RankedOption | null {
    if (!flatFirstForRequest && !fallbackAllowed) return null;
    const total = sum(facility.rooms.map((r) => r.totalBeds));
    const free = facility.rooms.flatMap((r) => r.freeBedIds);
    const occupied = total - free.length;
    // a flat goes to one household: only empty flats, or the flat this household already lives in
    if (occupied > 0 && !facility.householdAlreadyHere) return null;
    if (free.length < n) return null;
    const picked = pickBeds(facility.rooms, n);
    const kindRank = flatFirstForRequest ? 0 : 1;
    const optionReasons: Reason[] = [
      {
        code: 'FLAT_ONE_HOUSEHOLD',
        text: `Wohnung „${facility.name}“ wird nur an diesen Haushalt vergeben.`,
        paragraph: P_FLAT_ONE_HOUSEHOLD,
      },
      {
        code: 'SMALLEST_FITTING_FLAT',
        text: `Wohnung mit ${total} Betten für ${n} ${n === 1 ? 'Person' : 'Personen'} (${free.length - n} bleiben frei).`,
        paragraph: P_FRAGMENTATION,
      },
    ];
    if (!flatFirstForRequest) {
      optionReasons.push({
        code: 'FLAT_AS_FALLBACK',
        text: 'Wohnung nur, weil kein Platz in einer Gemeinschaftsunterkunft frei ist.',
        paragraph: P_GU,
      });
    }
    return {
      facilityId: facility.facilityId,
      facilityName: facility.name,
      kind: 'flat',
      bedIds: picked.bedIds,
      roomIds: picked.roomIds,
      reasons: optionReasons,
      // the whole flat is the household's: one unit, its own; then the smallest flat that fits
      rankKey: [facility.householdAlreadyHere ? 0 : 1, kindRank, 1, 0, free.length - n],
    };
  }

  function guOption(facility: FacilityCapacity, n: number): RankedOption | null {
    const free = sum(facility.rooms.map((r) => r.freeBedIds.length));
    if (free < n) return null;
    const kindRank = flatFirst ? 1 : 0;
    const household = n > 1 || facts.householdSize > 1;
    // one room for the whole group: a household of several wants a room of its own (nobody else in it)
    const fitting = facility.rooms
      .filter((r) => r.freeBedIds.length >= n)
      .map((r) => ({
        room: r,
        ownRoom: r.freeBedIds.length === r.totalBeds || Boolean(r.occupiedByOwnHousehold),
        leftover: r.freeBedIds.length - n,
      }))
      .sort((a, b) => {
        if (household && a.ownRoom !== b.ownRoom) return a.ownRoom ? -1 : 1;
        // best fit: fewest beds left free in the room; a single fills partly occupied rooms first
        if (a.leftover !== b.leftover) return a.leftover - b.leftover;
        return 0;
      });
    if (fitting.length > 0) {
      const best = fitting[0];
      const optionReasons: Reason[] = [];
      if (!flatFirst) {
        optionReasons.push({
          code: 'GU_PLACE',
          text: `Platz in der Gemeinschaftsunterkunft „${facility.name}“.`,
          paragraph: P_GU,
        });
      } else {
        optionReasons.push({
          code: 'GU_NO_FLAT',
          text: `Gemeinschaftsunterkunft „${facility.name}“, da keine passende Wohnung frei ist.`,
          paragraph: P_GU,
        });
      }
      if (household) {
        optionReasons.push({
          code: best.ownRoom ? 'HOUSEHOLD_OWN_ROOM' : 'HOUSEHOLD_SAME_ROOM',
          text: best.ownRoom
            ? `Der Haushalt erhält Zimmer ${best.room.label} für sich.`
            : `Der Haushalt wird gemeinsam in Zimmer ${best.room.label} untergebracht.`,
          paragraph: P_FAMILY_UNITY,
        });
      }
      optionReasons.push({
        code: 'BEST_FIT_ROOM',
        text: `Zimmer ${best.room.label}: ${best.leftover} Betten bleiben frei.`,
        paragraph: P_FRAGMENTATION,
      });
      return {
        facilityId: facility.facilityId,
        facilityName: facility.name,
        kind: 'GU',
        bedIds: best.room.freeBedIds.slice(0, n),
        roomIds: [best.room.roomId],
        reasons: optionReasons,
        // household already here, kind of place, rooms used, shared with others, beds left free
        rankKey: [
          facility.householdAlreadyHere ? 0 : 1,
          kindRank,
          1,
          household && !best.ownRoom ? 1 : 0,
          best.leftover,
        ],
      };
    }
    // no single room: several rooms of the same facility, as few as possible
    const picked = pickBeds(facility.rooms, n);
    return {
      facilityId: facility.facilityId,
      facilityName: facility.name,
      kind: 'GU',
      bedIds: picked.bedIds,
      roomIds: picked.roomIds,
      reasons: [
        {
          code: flatFirst ? 'GU_NO_FLAT' : 'GU_PLACE',
          text: flatFirst
            ? `Gemeinschaftsunterkunft „${facility.name}“, da keine passende Wohnung frei ist.`
            : `Platz in der Gemeinschaftsunterkunft „${facility.name}“.`,
          paragraph: P_GU,
        },
        {
          code: 'HOUSEHOLD_SAME_FACILITY',
          text: `Kein Zimmer mit ${n} freien Betten: der Haushalt wird auf ${picked.roomIds.length} Zimmer derselben Unterkunft verteilt.`,
          paragraph: P_FAMILY_UNITY,
        },
      ],
      rankKey: [facility.householdAlreadyHere ? 0 : 1, kindRank, picked.roomIds.length, 1, picked.leftover],
    };
  }
}

/** Beds from as few rooms as possible: rooms with the most free beds first. */
function pickBeds(
  rooms: RoomCapacity[],
  n: number,
): { bedIds: string[]; roomIds: string[]; leftover: number } {
  const single = rooms
    .filter((r) => r.freeBedIds.length >= n)
    .sort((a, b) => a.freeBedIds.length - b.freeBedIds.length)[0];
  if (single) {
    return {
      bedIds: single.freeBedIds.slice(0, n),
      roomIds: [single.roomId],
      leftover: single.freeBedIds.length - n,
    };
  }
  const byFree = [...rooms]
    .filter((r) => r.freeBedIds.length > 0)
    .sort((a, b) => b.freeBedIds.length - a.freeBedIds.length);
  const bedIds: string[] = [];
  const roomIds: string[] = [];
  let leftover = 0;
  for (const room of byFree) {
    if (bedIds.length >= n) break;
    const take = Math.min(n - bedIds.length, room.freeBedIds.length);
    bedIds.push(...room.freeBedIds.slice(0, take));
    roomIds.push(room.roomId);
    leftover = room.freeBedIds.length - take;
  }
  return { bedIds, roomIds, leftover };
}

function compareOptions(a: RankedOption, b: RankedOption): number {
  const len = Math.max(a.rankKey.length, b.rankKey.length);
  for (let i = 0; i < len; i++) {
    const d = (a.rankKey[i] ?? 0) - (b.rankKey[i] ?? 0);
    if (d !== 0) return d;
  }
  const byName = a.facilityName.localeCompare(b.facilityName, 'de');
  if (byName !== 0) return byName;
  return a.facilityId < b.facilityId ? -1 : a.facilityId > b.facilityId ? 1 : 0;
}

function sum(values: number[]): number {
  return values.reduce((s, v) => s + v, 0);
}
