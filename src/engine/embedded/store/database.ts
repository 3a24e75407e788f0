import { Pool, PoolClient, types } from 'pg';
import { MIGRATIONS } from './schema';

/** Keys stay below 2^53 (partition 1 << 51 plus a counter), so int8 columns are read as numbers. */
const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;

export type Db = Pool;

export function createPool(databaseUrl: string, max = 8): Pool {
  return new Pool({
    connectionString: databaseUrl,
    max,
    application_name: 'mia-embedded-engine',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8_OID) return (v: string) => Number(v);
        if (oid === INT8_ARRAY_OID) {
          return (v: string) =>
            v === '{}'
              ? []
              : v
                  .slice(1, -1)
                  .split(',')
                  .map((x) => (x === 'NULL' ? null : Number(x)));
        }
        return types.getTypeParser(oid, format as 'text');
      }) as typeof types.getTypeParser,
    },
  });
}

export async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // serialise concurrent start-ups of several engine processes on one database
    await client.query('SELECT pg_advisory_xact_lock(2251799813685249)');
    await client.query('CREATE SCHEMA IF NOT EXISTS engine');
    await client.query(
      'CREATE TABLE IF NOT EXISTS engine.schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ v: number | null }>(
      'SELECT max(version) AS v FROM engine.schema_version',
    );
    const current = rows[0]?.v ?? 0;
    for (let i = current; i < MIGRATIONS.length; i++) {
      await client.query(MIGRATIONS[i]);
      await client.query('INSERT INTO engine.schema_version (version) VALUES ($1)', [i + 1]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}

export const PARTITION_BASE = 2 ** 51;

export class KeysExhausted extends Error {
  constructor() {
    super('key block exhausted during a command');
  }
}

/** Hands out int64 keys as Zeebe forms them; blocks of 1000 from a sequence, so processes never clash. */
export class KeyGenerator {
  private readonly blocks: [number, number][] = [];
  constructor(private readonly pool: Pool) {}

  available(): number {
    return this.blocks.reduce((s, [a, b]) => s + (b - a), 0);
  }

  /** Makes sure at least n keys can be handed out synchronously. */
  async reserve(n: number, client?: PoolClient): Promise<void> {
    const q = "SELECT nextval('engine.key_seq') AS v";
    while (this.available() < n) {
      const { rows } = client
        ? await client.query<{ v: number }>(q)
        : await this.pool.query<{ v: number }>(q);
      this.blocks.push([rows[0].v, rows[0].v + 1000]);
    }
  }

  /** Synchronous: the caller reserved enough keys beforehand (else KeysExhausted). */
  nextKey(): number {
    const block = this.blocks[0];
    if (!block) throw new KeysExhausted();
    const k = block[0]++;
    if (block[0] >= block[1]) this.blocks.shift();
    return PARTITION_BASE + k;
  }
}
