import { needsLevel, type NeedsLevelFacts } from './needs-level.rules';

const PARAMS = { guSingleAdultLevelSection3: 2 as const };
const adult = (overrides: Partial<NeedsLevelFacts>): NeedsLevelFacts => ({
  age: 30,
  basis: '§3',
  accommodation: 'Wohnung',
  withPartner: false,
  withParent: false,
  ...overrides,
});

describe('Bedarfsstufe per household member', () => {
  it.each<[string, Partial<NeedsLevelFacts>, number]>([
    ['§ 3a Abs. 1 Nr. 1 AsylbLG', {}, 1],
    ['§ 3a Abs. 1 Nr. 2 Buchst. a AsylbLG', { withPartner: true }, 2],
    ['§ 3a Abs. 1 Nr. 2 Buchst. b AsylbLG', { accommodation: 'GU' }, 2],
    ['§ 3a Abs. 1 Nr. 3 AsylbLG', { age: 22, withParent: true }, 3],
    ['§ 3a Abs. 1 Nr. 3 AsylbLG', { accommodation: 'Einrichtung' }, 3],
    ['§ 3a Abs. 1 Nr. 4 AsylbLG', { age: 14 }, 4],
    ['§ 3a Abs. 1 Nr. 5 AsylbLG', { age: 6 }, 5],
    ['§ 3a Abs. 1 Nr. 5 AsylbLG', { age: 13 }, 5],
    ['§ 3a Abs. 1 Nr. 6 AsylbLG', { age: 5 }, 6],
    ['§ 2 AsylbLG i. V. m. § 8 Abs. 1 Nr. 1 RBEG', { basis: '§2' }, 1],
    [
      '§ 2 AsylbLG i. V. m. § 8 Abs. 1 Nr. 2 RBEG',
      { basis: '§2', withPartner: true, accommodation: 'GU' },
      2,
    ],
    ['§ 2 AsylbLG i. V. m. § 8 Abs. 1 Nr. 3 RBEG', { basis: '§2', age: 24, withParent: true }, 3],
    ['BVerfG, Beschluss vom 19.10.2022 – 1 BvL 3/21', { basis: '§2', accommodation: 'GU' }, 1],
    ['§ 2 AsylbLG i. V. m. Anlage zu § 28 SGB XII, Regelbedarfsstufe 4', { basis: '§2', age: 17 }, 4],
    ['§ 3a Abs. 1 Nr. 1 AsylbLG', { age: 25, withParent: true }, 1],
  ])('%s', (paragraph, overrides, level) => {
    const result = needsLevel(adult(overrides), PARAMS);
    expect(result.level).toBe(level);
    expect(result.reason.paragraph).toBe(paragraph);
  });

  it('takes the level of a single adult in a GU under § 3 from the parameter (§ 3a Abs. 1 Nr. 2 Buchst. b AsylbLG [?])', () => {
    expect(needsLevel(adult({ accommodation: 'GU' }), { guSingleAdultLevelSection3: 1 }).level).toBe(1);
  });
});
