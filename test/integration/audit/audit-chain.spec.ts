/**
 * The audit trail's hash chain on real PostgreSQL (issue 7 § 1): entries appended concurrently are
 * numbered without gaps, the chain verifies, and an entry altered or deleted directly in the database
 * (as a DBA could, past the append-only trigger) is named by the verification and by
 * `npm run audit:verify`.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { AuditService } from '../../../src/audit';
import { ormOptions } from '../../../src/database/orm.options';
import { createTestDatabase, type TestDatabase } from '../../utils/database';
import { ROOT } from '../../utils/models';

const run = promisify(execFile);

describe('audit trail chain', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  let audit: AuditService;

  beforeAll(async () => {
    db = await createTestDatabase('mia_test_audit');
    orm = await MikroORM.init(ormOptions(db.url));
    await orm.getMigrator().up();
    audit = new AuditService(orm.em.fork());
  }, 60_000);

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  /** as a database administrator would: past the append-only trigger */
  async function asDba(sql: string, params: unknown[] = []): Promise<void> {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(`set session_replication_role = replica`);
      await c.query(sql, params);
    } finally {
      await c.end();
    }
  }

  async function verifyCli(): Promise<{ code: number; out: string }> {
    try {
      const { stdout } = await run('npx', ['tsx', 'src/audit/audit-verify.main.ts'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'error' },
      });
      return { code: 0, out: stdout };
    } catch (error) {
      const e = error as { code: number; stdout: string };
      return { code: e.code, out: e.stdout };
    }
  }

  it('numbers entries written at the same time without gaps and verifies them', async () => {
    const actor = { username: 'sb.abh', roles: ['caseworker'], units: ['ABH'] };
    const seqs = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        new AuditService(orm.em.fork()).record({
          actor,
          action: i % 3 ? 'read' : 'update',
          resourceType: 'person',
          resourceId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          outcome: 'success',
          details: { route: '/personen/:id' },
        }),
      ),
    );
    expect(seqs.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await audit.verify()).toEqual({ ok: true, checked: 40 });
    expect(await verifyCli()).toEqual({ code: 0, out: 'Protokollkette in Ordnung: 40 Einträge geprüft.\n' });
  }, 120_000);

  it('refuses to change or delete an entry through the application', async () => {
    await expect(
      orm.em.fork().execute(`update audit_entry set actor = 'admin' where seq = 5`),
    ).rejects.toThrow(/append-only/);
    await expect(orm.em.fork().execute(`delete from audit_entry where seq = 5`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('names the entry a DBA altered directly in PostgreSQL', async () => {
    await asDba(`update audit_entry set outcome = 'denied' where seq = 17`);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      checked: 16,
      problem: { seq: '17', kind: 'altered', message: 'Eintrag 17 wurde verändert' },
    });
    const cli = await verifyCli();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain('Eintrag 17 wurde verändert');
    await asDba(`update audit_entry set outcome = 'success' where seq = 17`);
    expect(await audit.verify()).toEqual({ ok: true, checked: 40 });
  }, 120_000);

  it('names an entry a DBA deleted, also at the end of the chain', async () => {
    await asDba(`delete from audit_entry where seq = 40`);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      checked: 39,
      problem: { seq: '40', kind: 'missing' },
    });
    await asDba(`delete from audit_entry where seq = 23`);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      checked: 22,
      problem: { seq: '23', kind: 'missing' },
    });
  });
});
