/**
 * A stand-in for a running platform in the embedded PostgreSQL test: starts the embedded PostgreSQL in
 * the directory given as argument, prints its URL as one JSON line and stops it on SIGTERM.
 */
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';

const quiet = { info: () => undefined, warn: () => undefined };
const pg = new EmbeddedPostgres(process.argv[2], quiet);
pg.start().then(
  (url) => {
    process.stdout.write(`${JSON.stringify({ url, dataDir: pg.dataDir })}\n`);
    process.once('SIGTERM', () => {
      void pg.stop().then(() => process.exit(0));
    });
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
