import {
  Collection,
  Entity,
  Enum,
  OneToMany,
  OptionalProps,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { FACILITY_KINDS, type FacilityKind } from './accommodation-priority.rules';
import { Room } from './room.entity';

/**
 * A place the district accommodates people in (BRIEF § 2, UV): a Gemeinschaftsunterkunft (GU, § 53
 * AsylG) or a flat rented by the district. Capacity is its rooms and beds.
 */
@Entity({ tableName: 'accommodation_facility' })
@Unique({ properties: ['name'] })
export class Facility {
  [OptionalProps]?: 'active' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** e.g. "GU Zeitz, Albrechtstraße" or "Wohnung Naumburg, Markt 3, 2. OG links" */
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Enum({ items: [...FACILITY_KINDS] })
  kind!: FacilityKind;

  /** postal address (house rules and the assignment notice name it) */
  @Property({ type: 'string', length: 300 })
  address!: string;

  /** municipality (statistics: places of residence; Wohnsitzauflage) */
  @Property({ type: 'string', length: 120 })
  municipality!: string;

  /** an inactive facility takes no new allocations (closed, under renovation) */
  @Property({ type: 'boolean' })
  active: boolean = true;

  @OneToMany(() => Room, (room) => room.facility)
  rooms = new Collection<Room>(this);

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
