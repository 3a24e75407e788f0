/** The unit's own tables (MikroORM entities), registered in src/database/entity-registry.ts. */
export const JOBCENTER_ENTITIES: (abstract new (...args: never[]) => object)[] = [];
