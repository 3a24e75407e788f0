import { canonicalJson, checkRun, entryHash, GENESIS_HASH, type ChainedContent } from './audit-chain';

/** Tamper evidence of the audit trail (issue 7 § 1): each entry's hash covers its content and the previous hash. */
function chain(n: number): (ChainedContent & { hash: string })[] {
  const entries: (ChainedContent & { hash: string })[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content: ChainedContent = {
      seq: String(i),
      occurredAt: new Date(Date.UTC(2026, 10, 28, 9, 0, i)),
      actor: i % 2 ? 'sb.abh' : 'qs.mia',
      roles: ['caseworker'],
      units: ['ABH'],
      action: 'read',
      resourceType: 'person',
      resourceId: `p-${i}`,
      personId: null,
      outcome: 'success',
      details: { route: '/personen/:id', count: i },
      prevHash,
    };
    const hash = entryHash(content);
    entries.push({ ...content, hash });
    prevHash = hash;
  }
  return entries;
}

describe('audit chain', () => {
  it('writes the same canonical text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });

  it('gives each entry a SHA-256 that changes with any of its fields', () => {
    const [first] = chain(1);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    for (const change of [
      { actor: 'admin' },
      { action: 'update' },
      { outcome: 'denied' },
      { resourceId: 'p-2' },
      { details: { route: '/personen/:id', count: 2 } },
      { occurredAt: new Date(first.occurredAt.getTime() + 1) },
      { prevHash: '1'.repeat(64) },
    ]) {
      expect(entryHash({ ...first, ...change })).not.toBe(first.hash);
    }
  });

  const cases: [string, (c: (ChainedContent & { hash: string })[]) => unknown[], object | null, number][] = [
    ['a sound chain', (c) => c, null, 5],
    [
      'an entry whose content was changed (its hash no longer fits)',
      (c) => c.map((e) => (e.seq === '3' ? { ...e, actor: 'admin' } : e)),
      { seq: '3', kind: 'altered' },
      2,
    ],
    [
      'an entry changed and re-hashed (the next entry no longer points to it)',
      (c) =>
        c.map((e) => {
          if (e.seq !== '3') return e;
          const changed = { ...e, outcome: 'denied' };
          return { ...changed, hash: entryHash(changed) };
        }),
      { seq: '4', kind: 'altered' },
      3,
    ],
    ['a deleted entry', (c) => c.filter((e) => e.seq !== '2'), { seq: '2', kind: 'missing' }, 1],
    ['a deleted first entry', (c) => c.slice(1), { seq: '1', kind: 'missing' }, 0],
  ];

  it.each(cases)('verifies %s', (_name, mutate, problem, verified) => {
    const result = checkRun(mutate(chain(5)) as (ChainedContent & { hash: string })[], null);
    expect(result.verified).toBe(verified);
    if (problem) expect(result.problem).toMatchObject(problem);
    else expect(result.problem).toBeNull();
  });

  it('continues a run from the previous batch', () => {
    const all = chain(6);
    const first = checkRun(all.slice(0, 3), null);
    const second = checkRun(all.slice(3), { seq: all[2].seq, hash: all[2].hash });
    expect([first, second]).toEqual([
      { problem: null, verified: 3 },
      { problem: null, verified: 3 },
    ]);
  });
});
