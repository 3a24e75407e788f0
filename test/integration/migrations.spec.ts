/** The committed migrations run up and down cleanly on an empty database. */
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/database/orm.options';
import { createTestDatabase, type TestDatabase } from '../utils/database';

describe('migrations', () => {
  let db: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await MikroORM.init(ormOptions(db.url));
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  const tableExists = async (name: string): Promise<boolean> => {
    const rows = await orm.em
      .getConnection()
      .execute<{ n: string }[]>(`select count(*) as n from information_schema.tables where table_name = ?`, [
        name,
      ]);
    return Number(rows[0].n) === 1;
  };

  it('go up, down to zero and up again', async () => {
    const migrator = orm.getMigrator();
    const up = await migrator.up();
    expect(up.length).toBeGreaterThan(0);
    expect(await tableExists('deployed_resource')).toBe(true);
    expect(await migrator.getPendingMigrations()).toEqual([]);

    await migrator.down({ to: 0 });
    expect(await tableExists('deployed_resource')).toBe(false);

    await migrator.up();
    expect(await tableExists('deployed_resource')).toBe(true);
  });

  it('match the entities (no schema change left to generate)', async () => {
    const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });
});
