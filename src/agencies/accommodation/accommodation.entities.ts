import { Allocation } from './allocation.entity';
import { Bed } from './bed.entity';
import { Facility } from './facility.entity';
import { Room } from './room.entity';

/** The unit's own tables (MikroORM entities), registered in src/database/entity-registry.ts. */
export const ACCOMMODATION_ENTITIES: (abstract new (...args: never[]) => object)[] = [
  Facility,
  Room,
  Bed,
  Allocation,
];
