import { duldungType, type DuldungFacts } from './return-duldung.rules';

describe('duldungType (§ 60a vs § 60b)', () => {
  it.each<[string, string, DuldungFacts, string, string | null, string | null, string]>([
    [
      '§ 58 Abs. 1 AufenthG',
      'no obstacle, no reasons: enforce',
      { obstacles: [] },
      'no-duldung',
      null,
      null,
      'NO_OBSTACLE',
    ],
    [
      '§ 60a Abs. 2 S. 1 AufenthG',
      'no travel documents',
      { obstacles: ['document'] },
      'duldung',
      '60a',
      'mandatory',
      'OBSTACLE_DOCUMENT',
    ],
    [
      '§ 60a Abs. 2 S. 1 AufenthG',
      'no transport',
      { obstacles: ['transport'] },
      'duldung',
      '60a',
      'mandatory',
      'OBSTACLE_TRANSPORT',
    ],
    [
      '§ 60a Abs. 2 S. 1 AufenthG',
      'family ties (Art. 6 GG)',
      { obstacles: ['family'] },
      'duldung',
      '60a',
      'mandatory',
      'OBSTACLE_FAMILY',
    ],
    [
      '§ 60a Abs. 2 S. 1 AufenthG',
      'pending proceedings',
      { obstacles: ['legal'] },
      'duldung',
      '60a',
      'mandatory',
      'OBSTACLE_LEGAL',
    ],
    [
      '§ 60a Abs. 2c S. 1 AufenthG',
      'illness without qualified certificate: fit to travel presumed',
      { obstacles: ['medical'] },
      'no-duldung',
      null,
      null,
      'FIT_TO_TRAVEL_PRESUMED',
    ],
    [
      '§ 60a Abs. 2c S. 2 und 3 AufenthG',
      'illness with qualified certificate',
      { obstacles: ['medical'], qualifiedMedicalCertificate: true },
      'duldung',
      '60a',
      'mandatory',
      'MEDICAL_CERTIFICATE',
    ],
    [
      '§ 60a Abs. 2 S. 3 AufenthG',
      'urgent humanitarian reasons only: discretionary',
      { obstacles: [], urgentHumanitarianReasons: true },
      'duldung',
      '60a',
      'discretionary',
      'DISCRETIONARY',
    ],
    [
      '§ 60b Abs. 1 AufenthG',
      'own fault in passport procurement: Duldung light',
      { obstacles: ['document'], ownFault: true },
      'duldung',
      '60b',
      'mandatory',
      'OWN_FAULT',
    ],
    [
      '§ 60b Abs. 5 AufenthG',
      'Duldung light: no work',
      { obstacles: ['document'], ownFault: true },
      'duldung',
      '60b',
      'mandatory',
      'NO_WORK_60B',
    ],
    [
      '§ 60b Abs. 4 AufenthG',
      'cooperation fulfilled: ordinary Duldung restored',
      { obstacles: ['document'], ownFault: true, cooperationFulfilled: true },
      'duldung',
      '60a',
      'mandatory',
      'COOPERATION_FULFILLED',
    ],
    [
      '§ 60b Abs. 1 AufenthG',
      'fault, but also family ties: not § 60b',
      { obstacles: ['document', 'family'], ownFault: true },
      'duldung',
      '60a',
      'mandatory',
      'FAULT_NOT_DECISIVE',
    ],
    [
      '§ 60a Abs. 5b AufenthG',
      'work "soll" be permitted',
      { obstacles: ['transport'] },
      'duldung',
      '60a',
      'mandatory',
      'WORK_SHOULD_BE_ALLOWED',
    ],
    [
      '§ 60a Abs. 5b Nr. 2 AufenthG',
      'removal measures pending: no work',
      { obstacles: ['transport'], removalMeasuresPending: true },
      'duldung',
      '60a',
      'mandatory',
      'WORK_MEASURES_PENDING',
    ],
    [
      '§ 60a Abs. 6 AufenthG',
      'work ban',
      { obstacles: ['transport'], workBan60a6: true },
      'duldung',
      '60a',
      'mandatory',
      'WORK_BANNED',
    ],
  ])('%s: %s', (paragraph, _case, facts, decision, type, ground, code) => {
    const result = duldungType(facts);
    expect(result.decision).toBe(decision);
    expect(result.duldungType).toBe(type);
    expect(result.ground).toBe(ground);
    expect(result.reasons.find((r) => r.code === code)?.paragraph).toBe(paragraph);
  });

  it('maps to status episode, event category and conditions', () => {
    expect(duldungType({ obstacles: ['document'], ownFault: true })).toMatchObject({
      statusType: 'Duldung §60b',
      category: 'light',
      workAllowed: false,
      wohnsitzauflageRequired: true,
    });
    expect(duldungType({ obstacles: ['family'] })).toMatchObject({
      statusType: 'Duldung §60a',
      legalBasis: '§ 60a Abs. 2 S. 1 AufenthG',
      category: 'ordinary',
      workAllowed: true,
    });
  });
});
