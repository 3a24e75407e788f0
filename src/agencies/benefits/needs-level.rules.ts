/**
 * Bedarfsstufe per household member (BRIEF § 3): § 3a Abs. 1 and 2 AsylbLG for § 3 recipients, the
 * Regelbedarfsstufen of the Anlage zu § 28 SGB XII for § 2 recipients, with the correction of BVerfG
 * 1 BvL 3/21: a single adult in a Gemeinschaftsunterkunft gets Stufe 1 under § 2. The level for a single
 * adult in a GU under § 3 is a parameter ([?] in the brief).
 */
import type { BenefitBasis } from './benefit-basis.rules';
import type { BenefitReason } from './reason';

export type NeedsLevel = 1 | 2 | 3 | 4 | 5 | 6;
export type AccommodationType = 'GU' | 'Wohnung' | 'Einrichtung';

export interface NeedsLevelFacts {
  age: number;
  basis: BenefitBasis;
  accommodation: AccommodationType;
  /** lives with a spouse or partner in the household */
  withPartner: boolean;
  /** an adult under 25 living with a parent in the household */
  withParent: boolean;
}

export interface NeedsLevelParams {
  /** § 3a Abs. 1 Nr. 2 Buchst. b AsylbLG: level of a single adult in a GU under § 3 (2 [?]) */
  guSingleAdultLevelSection3: NeedsLevel;
}

export function needsLevel(
  facts: NeedsLevelFacts,
  params: NeedsLevelParams,
): { level: NeedsLevel; reason: BenefitReason } {
  const analog = facts.basis === '§2';
  const p = (section3: string, section2: string): string => (analog ? section2 : section3);
  if (facts.age < 6) {
    return {
      level: 6,
      reason: {
        code: 'STUFE_6',
        text: 'Kind bis zur Vollendung des 6. Lebensjahres',
        paragraph: p(
          '§ 3a Abs. 1 Nr. 6 AsylbLG',
          '§ 2 AsylbLG i. V. m. Anlage zu § 28 SGB XII, Regelbedarfsstufe 6',
        ),
      },
    };
  }
  if (facts.age < 14) {
    return {
      level: 5,
      reason: {
        code: 'STUFE_5',
        text: 'Kind vom 7. bis zur Vollendung des 14. Lebensjahres',
        paragraph: p(
          '§ 3a Abs. 1 Nr. 5 AsylbLG',
          '§ 2 AsylbLG i. V. m. Anlage zu § 28 SGB XII, Regelbedarfsstufe 5',
        ),
      },
    };
  }
  if (facts.age < 18) {
    return {
      level: 4,
      reason: {
        code: 'STUFE_4',
        text: 'Jugendliche/r vom 15. bis zur Vollendung des 18. Lebensjahres',
        paragraph: p(
          '§ 3a Abs. 1 Nr. 4 AsylbLG',
          '§ 2 AsylbLG i. V. m. Anlage zu § 28 SGB XII, Regelbedarfsstufe 4',
        ),
      },
    };
  }
  if (facts.withPartner) {
    return {
      level: 2,
      reason: {
        code: 'STUFE_2_PAAR',
        text: 'Erwachsene/r mit Ehegatte oder Partner/in im Haushalt',
        paragraph: p('§ 3a Abs. 1 Nr. 2 Buchst. a AsylbLG', '§ 2 AsylbLG i. V. m. § 8 Abs. 1 Nr. 2 RBEG'),
      },
    };
  }
  if (facts.age < 25 && facts.withParent) {
    return {
      level: 3,
      reason: {
        code: 'STUFE_3_ELTERN',
        text: 'Erwachsene/r unter 25 Jahren im Haushalt der Eltern',
        paragraph: p('§ 3a Abs. 1 Nr. 3 AsylbLG', '§ 2 AsylbLG i. V. m. § 8 Abs. 1 Nr. 3 RBEG'),
      },
    };
  }
  if (facts.accommodation === 'Einrichtung') {
    return {
      level: 3,
      reason: {
        code: 'STUFE_3_EINRICHTUNG',
        text: 'Erwachsene/r in einer stationären Einrichtung',
        paragraph: p('§ 3a Abs. 1 Nr. 3 AsylbLG', '§ 2 AsylbLG i. V. m. § 8 Abs. 1 Nr. 3 RBEG'),
      },
    };
  }
  if (facts.accommodation === 'GU') {
    if (analog) {
      return {
        level: 1,
        reason: {
          code: 'STUFE_1_GU_BVERFG',
          text: 'Alleinstehende/r Erwachsene/r in einer Gemeinschaftsunterkunft: Regelbedarfsstufe 1, da § 2 Abs. 1 S. 4 Nr. 1 AsylbLG mit dem Grundgesetz unvereinbar ist',
          paragraph: 'BVerfG, Beschluss vom 19.10.2022 – 1 BvL 3/21',
        },
      };
    }
    return {
      level: params.guSingleAdultLevelSection3,
      reason: {
        code: 'STUFE_GU_SECTION3',
        text: `Alleinstehende/r Erwachsene/r in einer Gemeinschaftsunterkunft: Bedarfsstufe ${params.guSingleAdultLevelSection3} (zu prüfen)`,
        paragraph: '§ 3a Abs. 1 Nr. 2 Buchst. b AsylbLG',
      },
    };
  }
  return {
    level: 1,
    reason: {
      code: 'STUFE_1',
      text: 'Alleinstehende/r oder alleinerziehende/r Erwachsene/r',
      paragraph: p('§ 3a Abs. 1 Nr. 1 AsylbLG', '§ 2 AsylbLG i. V. m. § 8 Abs. 1 Nr. 1 RBEG'),
    },
  };
}
