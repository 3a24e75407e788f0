import {
  rankAccommodation,
  type AccommodationPolicy,
  type AllocationFacts,
  type FacilityCapacity,
} from './accommodation-priority.rules';

const POLICY: AccommodationPolicy = {
  flatPriorityGroups: ['family', 'vulnerable'],
  familyMinSize: 2,
  flatFallbackForOthers: true,
};

/** a facility with rooms given as [label, totalBeds, freeBeds] */
function facility(
  id: string,
  kind: 'GU' | 'flat',
  rooms: [string, number, number][],
  extra: Partial<FacilityCapacity> = {},
): FacilityCapacity {
  return {
    facilityId: id,
    name: id,
    kind,
    rooms: rooms.map(([label, total, free]) => ({
      roomId: `${id}/${label}`,
      label,
      totalBeds: total,
      freeBedIds: Array.from({ length: free }, (_, i) => `${id}/${label}/${i + 1}`),
    })),
    ...extra,
  };
}

const GU = facility('GU Zeitz', 'GU', [
  ['101', 4, 1], // partly occupied
  ['102', 4, 4], // empty
  ['103', 2, 2], // empty, small
]);
const FLAT_3 = facility('Wohnung Naumburg 3 Betten', 'flat', [
  ['Zimmer 1', 2, 2],
  ['Zimmer 2', 1, 1],
]);
const FLAT_5 = facility('Wohnung Weißenfels 5 Betten', 'flat', [
  ['Zimmer 1', 3, 3],
  ['Zimmer 2', 2, 2],
]);
const FLAT_TAKEN = facility('Wohnung Hohenmölsen belegt', 'flat', [['Zimmer 1', 4, 2]]);

function facts(over: Partial<AllocationFacts>): AllocationFacts {
  return {
    personsToPlace: over.personsToPlace ?? over.householdSize ?? 1,
    householdSize: 1,
    vulnerable: false,
    preferFlat: false,
    facilities: [GU, FLAT_3, FLAT_5, FLAT_TAKEN],
    ...over,
  };
}

describe('rankAccommodation: kind of place and priority for flats', () => {
  it.each([
    // [case, facts, policy, expected first facility, expected kind, reason code, paragraph]
    [
      'single adult, not vulnerable → GU as a rule',
      facts({ householdSize: 1 }),
      POLICY,
      'GU Zeitz',
      'GU',
      'GU_AS_A_RULE',
      '§ 53 Abs. 1 AsylG',
    ],
    [
      'family of 3 → flat first (smallest that fits)',
      facts({ householdSize: 3 }),
      POLICY,
      'Wohnung Naumburg 3 Betten',
      'flat',
      'FAMILY_FLAT_PRIORITY',
      'BRIEF § 2 (Vorrang Wohnung) [local]',
    ],
    [
      'vulnerable single person → flat first',
      facts({ householdSize: 1, vulnerable: true }),
      POLICY,
      'Wohnung Naumburg 3 Betten',
      'flat',
      'VULNERABLE_FLAT_PRIORITY',
      'Art. 21 RL 2013/33/EU; BRIEF § 2 [local]',
    ],
    [
      'single adult, flat requested by UV → flat first',
      facts({ householdSize: 1, preferFlat: true }),
      POLICY,
      'Wohnung Naumburg 3 Betten',
      'flat',
      'FLAT_REQUESTED',
      '§ 53 Abs. 1 AsylG',
    ],
    [
      'family, but the policy gives families no priority [local] → GU',
      facts({ householdSize: 3 }),
      { ...POLICY, flatPriorityGroups: ['vulnerable'] },
      'GU Zeitz',
      'GU',
      'GU_AS_A_RULE',
      '§ 53 Abs. 1 AsylG',
    ],
    [
      'couple counts as family only from the parameter familyMinSize [local]',
      facts({ householdSize: 2 }),
      { ...POLICY, familyMinSize: 3 },
      'GU Zeitz',
      'GU',
      'GU_AS_A_RULE',
      '§ 53 Abs. 1 AsylG',
    ],
  ] as const)('%s', (_case, f, policy, facilityId, kind, code, paragraph) => {
    const d = rankAccommodation(f, policy);
    expect(d.decision).toBe('allocate');
    expect(d.options[0]).toMatchObject({ facilityId, kind });
    expect(d.reasons).toContainEqual(expect.objectContaining({ code, paragraph }));
  });
});

describe('rankAccommodation: a flat goes to one household', () => {
  it.each([
    // [case, facilities, householdSize, alreadyHere, expected flat ids offered]
    [
      'a flat with other occupants is never offered (BRIEF § 2 [local], Verwaltungspraxis UV)',
      [FLAT_TAKEN],
      2,
      false,
      [],
    ],
    [
      'the flat the household already lives in is offered to its remaining members',
      [FLAT_TAKEN],
      2,
      true,
      ['Wohnung Hohenmölsen belegt'],
    ],
    ['a flat smaller than the household is not offered (Art. 6 Abs. 1 GG: no split)', [FLAT_3], 4, false, []],
  ] as const)('%s', (_case, facilities, householdSize, alreadyHere, expected) => {
    const d = rankAccommodation(
      facts({
        householdSize,
        personsToPlace: householdSize,
        facilities: facilities.map((x) => ({ ...x, householdAlreadyHere: alreadyHere })),
      }),
      POLICY,
    );
    expect(d.options.filter((o) => o.kind === 'flat').map((o) => o.facilityId)).toEqual(expected);
  });

  it('names the rule in the option reasons (Verwaltungspraxis UV [local])', () => {
    const d = rankAccommodation(facts({ householdSize: 3 }), POLICY);
    expect(d.options[0].reasons).toContainEqual(
      expect.objectContaining({
        code: 'FLAT_ONE_HOUSEHOLD',
        paragraph: 'Verwaltungspraxis UV (eine Wohnung je Haushalt) [local]',
      }),
    );
  });
});

describe('rankAccommodation: household together, minimal fragmentation', () => {
  it.each([
    // [case, facts, expected first option rooms, expected bed count, reason code, paragraph]
    [
      'single person fills a partly occupied room first (keeps empty rooms for families)',
      facts({ householdSize: 1, facilities: [GU] }),
      ['GU Zeitz/101'],
      'BEST_FIT_ROOM',
      'Verwaltungspraxis UV (geringste Zersplitterung) [local]',
    ],
    [
      'couple in a GU gets an empty room of its own, the best-fitting one',
      facts({ householdSize: 2, facilities: [GU] }),
      ['GU Zeitz/103'],
      'HOUSEHOLD_OWN_ROOM',
      'Art. 6 Abs. 1 GG; Art. 12 RL 2013/33/EU',
    ],
    [
      'family of 4 in a GU: the one room with 4 free beds',
      facts({ householdSize: 4, facilities: [GU] }),
      ['GU Zeitz/102'],
      'HOUSEHOLD_OWN_ROOM',
      'Art. 6 Abs. 1 GG; Art. 12 RL 2013/33/EU',
    ],
    [
      'family of 6 in a GU: no room large enough → same facility, fewest rooms',
      facts({ householdSize: 6, facilities: [GU] }),
      ['GU Zeitz/102', 'GU Zeitz/103'],
      'HOUSEHOLD_SAME_FACILITY',
      'Art. 6 Abs. 1 GG; Art. 12 RL 2013/33/EU',
    ],
    [
      'family of 5: the 5-bed flat over the 3-bed flat (which is too small)',
      facts({ householdSize: 5 }),
      ['Wohnung Weißenfels 5 Betten/Zimmer 1', 'Wohnung Weißenfels 5 Betten/Zimmer 2'],
      'FAMILY_FLAT_PRIORITY',
      'BRIEF § 2 (Vorrang Wohnung) [local]',
    ],
  ] as const)('%s', (_case, f, rooms, code, paragraph) => {
    const d = rankAccommodation(f, POLICY);
    expect(d.options[0].roomIds).toEqual(rooms);
    expect(d.options[0].bedIds).toHaveLength(f.personsToPlace);
    expect(new Set(d.options[0].bedIds).size).toBe(f.personsToPlace);
    expect([...d.reasons, ...d.options[0].reasons]).toContainEqual(
      expect.objectContaining({ code, paragraph }),
    );
  });

  it('never splits a household across facilities (Art. 6 Abs. 1 GG; Art. 12 RL 2013/33/EU)', () => {
    const a = facility('GU A', 'GU', [['1', 2, 2]]);
    const b = facility('GU B', 'GU', [['1', 2, 2]]);
    const d = rankAccommodation(facts({ householdSize: 3, facilities: [a, b] }), POLICY);
    expect(d.decision).toBe('no-capacity');
    expect(d.options).toEqual([]);
    expect(d.reasons).toContainEqual(expect.objectContaining({ code: 'NO_CAPACITY' }));
  });

  it('places the remaining members where the household already lives (Art. 6 Abs. 1 GG)', () => {
    const here = facility('GU B', 'GU', [['1', 4, 1]], { householdAlreadyHere: true });
    const d = rankAccommodation(
      facts({ householdSize: 3, personsToPlace: 1, facilities: [GU, here] }),
      POLICY,
    );
    expect(d.options[0].facilityId).toBe('GU B');
  });
});

describe('rankAccommodation: fallback and no capacity', () => {
  it.each([
    // [case, policy, facilities, expected decision, first kind, reason code, paragraph]
    [
      'GU full, flat free, fallback allowed [local] → flat for a single adult',
      POLICY,
      [facility('GU voll', 'GU', [['1', 4, 0]]), FLAT_3],
      'allocate',
      'flat',
      'FLAT_AS_FALLBACK',
      '§ 53 Abs. 1 AsylG',
    ],
    [
      'GU full, flat free, fallback not allowed [local] → no capacity',
      { ...POLICY, flatFallbackForOthers: false },
      [facility('GU voll', 'GU', [['1', 4, 0]]), FLAT_3],
      'no-capacity',
      undefined,
      'NO_CAPACITY',
      'Art. 6 Abs. 1 GG; Art. 12 RL 2013/33/EU',
    ],
    [
      'no free bed anywhere → no capacity',
      POLICY,
      [facility('GU voll', 'GU', [['1', 4, 0]])],
      'no-capacity',
      undefined,
      'NO_CAPACITY',
      'Art. 6 Abs. 1 GG; Art. 12 RL 2013/33/EU',
    ],
  ] as const)('%s', (_case, policy, facilities, decision, kind, code, paragraph) => {
    const d = rankAccommodation(facts({ householdSize: 1, facilities: [...facilities] }), policy);
    expect(d.decision).toBe(decision);
    expect(d.options[0]?.kind).toBe(kind);
    expect([...d.reasons, ...(d.options[0]?.reasons ?? [])]).toContainEqual(
      expect.objectContaining({ code, paragraph }),
    );
  });

  it('family with flat priority takes a GU room when no flat fits (§ 53 Abs. 1 AsylG)', () => {
    const d = rankAccommodation(facts({ householdSize: 4, facilities: [GU, FLAT_3, FLAT_TAKEN] }), POLICY);
    expect(d.options[0]).toMatchObject({ kind: 'GU', roomIds: ['GU Zeitz/102'] });
    expect(d.options[0].reasons).toContainEqual(
      expect.objectContaining({ code: 'GU_NO_FLAT', paragraph: '§ 53 Abs. 1 AsylG' }),
    );
  });

  it('is deterministic: equal options are ordered by facility name', () => {
    const a = facility('GU Beta', 'GU', [['1', 2, 2]]);
    const b = facility('GU Alpha', 'GU', [['1', 2, 2]]);
    expect(rankAccommodation(facts({ facilities: [a, b] }), POLICY).options.map((o) => o.facilityId)).toEqual(
      ['GU Alpha', 'GU Beta'],
    );
  });

  it('refuses a request without persons', () => {
    expect(() => rankAccommodation(facts({ personsToPlace: 0 }), POLICY)).toThrow();
  });
});
