/** The unit's own tables (MikroORM entities), registered in src/database/entity-registry.ts. */
export const EDUCATION_ENTITIES: (abstract new (...args: never[]) => object)[] = [];
