import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** A household (Bedarfsgemeinschaft / family travelling together). Members point to it. */
@Entity({ tableName: 'household' })
export class Household {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** e.g. the Zuweisung reference the family arrived with */
  @Property({ type: 'string', length: 64, nullable: true })
  reference?: string | null;

  @Property({ type: 'string', length: 300, nullable: true })
  address?: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  municipality?: string | null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
