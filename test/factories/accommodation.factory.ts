import type {
  AccommodationService,
  NewFacility,
  RoomWithBeds,
} from '../../src/agencies/accommodation/accommodation.service';
import type { Facility } from '../../src/agencies/accommodation/facility.entity';

let counter = 0;

export interface FacilityFixture {
  facility: Facility;
  rooms: RoomWithBeds[];
  /** every bed of the facility, room by room */
  bedIds: string[];
}

export interface FacilityOverrides extends Partial<NewFacility> {
  /** rooms as bed counts (labelled 101, 102, … in a GU; Zimmer 1, 2, … in a flat) or explicit rooms */
  rooms?: (number | { label: string; beds: number | string[] })[];
}

/**
 * A facility with rooms and beds, inserted through the real AccommodationService. Default: a GU with
 * two rooms of 4 beds. In scenario tests pass `s.service(AccommodationService)`.
 */
export async function createFacility(
  accommodation: AccommodationService,
  overrides: FacilityOverrides = {},
): Promise<FacilityFixture> {
  counter += 1;
  const kind = overrides.kind ?? 'GU';
  const suffix = `${counter}-${Math.random().toString(36).slice(2, 6)}`;
  const facility = await accommodation.addFacility({
    name: overrides.name ?? (kind === 'GU' ? `GU Teststraße ${suffix}` : `Wohnung Testweg ${suffix}`),
    kind,
    address: overrides.address ?? `Teststraße ${counter}, 06618 Naumburg (Saale)`,
    municipality: overrides.municipality ?? 'Naumburg (Saale)',
    active: overrides.active ?? true,
  });
  const specs = overrides.rooms ?? [4, 4];
  const rooms: RoomWithBeds[] = [];
  for (const [i, spec] of specs.entries()) {
    const room =
      typeof spec === 'number'
        ? { label: kind === 'GU' ? String(101 + i) : `Zimmer ${i + 1}`, beds: spec }
        : spec;
    rooms.push(await accommodation.addRoom(facility.id, room));
  }
  return { facility, rooms, bedIds: rooms.flatMap((r) => r.bedIds) };
}

/** A flat rented by the district: rooms as bed counts (default: 2 rooms of 2 beds). */
export function createFlat(
  accommodation: AccommodationService,
  overrides: FacilityOverrides = {},
): Promise<FacilityFixture> {
  return createFacility(accommodation, { rooms: [2, 2], ...overrides, kind: 'flat' });
}
