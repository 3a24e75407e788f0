/**
 * `npm run audit:verify`: walks the audit trail's hash chain (DATABASE_URL, or the embedded PostgreSQL
 * in .data/postgres when it is unset) and names the first altered or missing entry. Exit code 0 when
 * the chain is sound, 1 when it is not, 2 when it could not be checked.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../config/app.config';
import { DatabaseConnection } from '../database/database-connection';
import { ormOptions } from '../database/orm.options';
import { AuditService } from './audit.service';

async function main(): Promise<number> {
  const config = loadConfig();
  const db = await DatabaseConnection.open(config);
  const orm = await MikroORM.init(ormOptions(db.url));
  try {
    const result = await new AuditService(orm.em.fork()).verify();
    if (result.ok) {
      process.stdout.write(`Protokollkette in Ordnung: ${result.checked} Einträge geprüft.\n`);
      return 0;
    }
    process.stdout.write(
      `Protokollkette verletzt: ${result.problem?.message} (${result.checked} Einträge davor in Ordnung).\n`,
    );
    return 1;
  } finally {
    await orm.close(true);
    await db.onApplicationShutdown();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(
      `Prüfung nicht möglich: ${error instanceof Error ? error.message : 'unbekannter Fehler'}\n`,
    );
    process.exitCode = 2;
  },
);
