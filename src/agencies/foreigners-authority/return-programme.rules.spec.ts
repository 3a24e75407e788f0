import {
  returnProgrammeFilingEffects,
  returnProgrammeWarning,
  type ReturnProgrammeFacts,
} from './return-programme.rules';

describe('returnProgrammeFilingEffects (REAG/GARP application blocks §§ 60c/60d and the work permission)', () => {
  it.each<[string, string, ReturnProgrammeFacts, string, string]>([
    [
      '§ 60c Abs. 2 Nr. 5 Buchst. b AufenthG',
      'holds or applied for an Ausbildungsduldung',
      { trainingToleration: true },
      'conflict',
      'BLOCKS_TRAINING_TOLERATION',
    ],
    [
      '§ 60d Abs. 1 AufenthG i. V. m. § 60c Abs. 2 Nr. 5 AufenthG',
      'holds or applied for a Beschäftigungsduldung',
      { employmentToleration: true },
      'conflict',
      'BLOCKS_EMPLOYMENT_TOLERATION',
    ],
    [
      '§ 60a Abs. 5b Nr. 2 AufenthG',
      'holds a work permission',
      { workPermission: true },
      'conflict',
      'BLOCKS_WORK_PERMISSION',
    ],
    [
      '§ 60a Abs. 5b Nr. 2 AufenthG',
      'nothing held: still a measure to end the stay, no conflict',
      {},
      'no-conflict',
      'BLOCKS_WORK_PERMISSION',
    ],
  ])('%s: %s', (paragraph, _case, facts, decision, code) => {
    const result = returnProgrammeFilingEffects(facts);
    expect(result.decision).toBe(decision);
    expect(result.reasons.find((r) => r.code === code)?.paragraph).toBe(paragraph);
    expect(result.blocks).toHaveLength(3);
  });

  it('marks the affected item and warns in German', () => {
    const warning = returnProgrammeWarning(returnProgrammeFilingEffects({ trainingToleration: true }));
    expect(warning).toMatch(/^Achtung: Der REAG\/GARP-Antrag gefährdet/);
    expect(warning).toContain('Ausbildungsduldung ist dann ausgeschlossen (betrifft die Person)');
    expect(returnProgrammeWarning(returnProgrammeFilingEffects({}))).toMatch(/^Hinweis:/);
  });
});
