/** The unit's own tables (MikroORM entities), registered in src/database/entity-registry.ts. */
export const YOUTH_OFFICE_ENTITIES: (abstract new (...args: never[]) => object)[] = [];
