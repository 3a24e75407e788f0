import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../app.module';
import { JsonLogger } from '../../common/logging/json-logger';
import { loadConfigWith } from '../../config/app.config';
import { DemoSeedRefusedError, runDemoSeed, type DemoSeedOptions } from './demo-seed';

/**
 * `npm run seed:demo [-- --persons 10000 --instances 50000 --seed 1 --months 24]`: boots the platform
 * without HTTP (embedded PostgreSQL and engine unless DATABASE_URL / ZEEBE_ADDRESS say otherwise),
 * runs the demo simulation and stops. Refused on a database that already holds persons or process
 * instances, and while a platform runs on the same embedded data directory.
 */
const USAGE =
  'Aufruf: npm run seed:demo -- [--persons 10000] [--instances 50000] [--seed 1] [--months 24] [--concurrency 16]';

export function parseSeedArgs(argv: string[]): DemoSeedOptions {
  const options: DemoSeedOptions = {
    persons: 10_000,
    instances: 50_000,
    seed: 1,
    months: 24,
    concurrency: 16,
  };
  const names: Record<string, keyof DemoSeedOptions> = {
    '--persons': 'persons',
    '--instances': 'instances',
    '--seed': 'seed',
    '--months': 'months',
    '--concurrency': 'concurrency',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const key = names[flag];
    if (!key) throw new Error(`Unbekannte Option ${flag}. ${USAGE}`);
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    const min = key === 'seed' ? 0 : 1;
    if (!Number.isInteger(value) || value < min)
      throw new Error(`${flag} braucht eine ganze Zahl ≥ ${min}. ${USAGE}`);
    options[key] = value;
  }
  if (options.persons < 10) throw new Error(`--persons muss mindestens 10 sein. ${USAGE}`);
  return options;
}

async function main(): Promise<void> {
  const options = parseSeedArgs(process.argv.slice(2));
  const config = loadConfigWith(
    {
      // the simulation collects the user tasks itself, step by step with the engine clock
      TASK_COLLECTOR: 'false',
      // user-task jobs stay activated over the whole simulated period (the clock jumps by days)
      TASK_JOB_TIMEOUT_MS: String(5 * 365 * 24 * 3_600_000),
      // the demo users are the simulated caseworkers
      DEMO_DATA: 'true',
    },
    { LOG_LEVEL: 'warn' },
  );
  const logger = new JsonLogger(config.LOG_LEVEL);
  const started = Date.now();
  const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger });
  app.enableShutdownHooks();
  try {
    const summary = await runDemoSeed(app, options, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(
      `\nDemodaten geladen (${summary.period.from} bis ${summary.period.to}) in ${Math.round((Date.now() - started) / 1000)} s:\n` +
        `  Personen: ${summary.persons} (Haushalte mit Zuweisung: ${summary.households})\n` +
        `  Vorgänge: ${summary.instancesTotal} (${summary.instancesPerSecond} je Sekunde)\n` +
        Object.entries(summary.instances)
          .map(([id, n]) => `    ${id}: ${n}\n`)
          .join('') +
        `  Aufgaben erledigt: ${summary.tasksCompleted}, offen: ${summary.tasksOpen}\n` +
        `  Statusabschnitte: ${summary.statusEpisodes}, Fachereignisse: ${summary.domainEvents}, Dokumente: ${summary.documents}\n` +
        `  Endereignisse:\n` +
        Object.entries(summary.endEvents)
          .map(([id, n]) => `    ${id}: ${n}\n`)
          .join('') +
        `  Störungen (Incidents): ${JSON.stringify(summary.incidents)}\n` +
        (Object.keys(summary.taskProblems).length
          ? `  Aufgaben ohne Abschluss: ${JSON.stringify(summary.taskProblems)}\n`
          : '') +
        `Die Uhr der Engine steht wieder auf der Echtzeit; "npm start" zeigt die Daten.\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : String(error);
  const refused = error instanceof DemoSeedRefusedError || /another platform process/.test(reason);
  process.stderr.write(
    `${refused ? 'Demodaten nicht geladen' : 'Demodaten: Fehler'}: ${
      /another platform process/.test(reason)
        ? 'die Plattform läuft bereits auf derselben eingebetteten Datenbank; bitte zuerst beenden. '
        : ''
    }${reason}\n`,
  );
  process.exit(refused ? 2 : 1);
});
