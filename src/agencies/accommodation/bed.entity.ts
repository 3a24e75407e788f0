import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Room } from './room.entity';

/** One bed: the unit of capacity that is allocated to one person at a time. */
@Entity({ tableName: 'accommodation_bed' })
@Unique({ properties: ['room', 'label'] })
export class Bed {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Room, { deleteRule: 'cascade' })
  room!: Room;

  /** e.g. "1", "A" */
  @Property({ type: 'string', length: 32 })
  label!: string;
}
