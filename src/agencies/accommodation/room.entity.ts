import { Collection, Entity, ManyToOne, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Bed } from './bed.entity';
import { Facility } from './facility.entity';

/** A room of a facility (in a flat: one of its rooms). Its capacity is its beds. */
@Entity({ tableName: 'accommodation_room' })
@Unique({ properties: ['facility', 'label'] })
export class Room {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Facility, { deleteRule: 'cascade' })
  facility!: Facility;

  /** e.g. "101", "Zimmer 2" */
  @Property({ type: 'string', length: 64 })
  label!: string;

  @OneToMany(() => Bed, (bed) => bed.room)
  beds = new Collection<Bed>(this);
}
