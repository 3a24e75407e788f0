import { Complaint } from './complaint.entity';

/** The unit's own tables (MikroORM entities), registered in src/database/entity-registry.ts. */
export const COMPLAINTS_ENTITIES: (abstract new (...args: never[]) => object)[] = [Complaint];
