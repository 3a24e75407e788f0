/**
 * What filing a REAG/GARP application (state-funded voluntary return) does to the person's other
 * prospects (BRIEF § 6, "REAG/GARP"). Filing counts as a concrete measure to end the stay: it blocks the
 * Ausbildungsduldung, the Beschäftigungsduldung and the "soll" work permission. The counselling form and
 * the UI call this before submission and warn. Pure: facts in, decision with reasons out.
 */
import type { Reason } from './return-deadline.rules';

export interface ReturnProgrammeFacts {
  /** holds or applied for an Ausbildungsduldung (§ 60c) */
  trainingToleration?: boolean;
  /** holds or applied for a Beschäftigungsduldung (§ 60d) */
  employmentToleration?: boolean;
  /** holds or applied for a work permission with a Duldung (§ 60a Abs. 5b) */
  workPermission?: boolean;
}

export interface ReturnProgrammeDecision {
  /** conflict = filing endangers something the person holds or applied for; effects apply in any case */
  decision: 'conflict' | 'no-conflict';
  /** what filing blocks, whether or not the person has it now */
  blocks: string[];
  reasons: Reason[];
}

const EFFECTS: { key: keyof ReturnProgrammeFacts; code: string; paragraph: string; text: string }[] = [
  {
    key: 'trainingToleration',
    code: 'BLOCKS_TRAINING_TOLERATION',
    paragraph: '§ 60c Abs. 2 Nr. 5 Buchst. b AufenthG',
    text: 'Ein Antrag auf Förderung der freiwilligen Ausreise ist eine konkrete Maßnahme zur Aufenthaltsbeendigung: eine Ausbildungsduldung ist dann ausgeschlossen',
  },
  {
    key: 'employmentToleration',
    code: 'BLOCKS_EMPLOYMENT_TOLERATION',
    paragraph: '§ 60d Abs. 1 AufenthG i. V. m. § 60c Abs. 2 Nr. 5 AufenthG',
    text: 'Ein Antrag auf Förderung der freiwilligen Ausreise ist eine konkrete Maßnahme zur Aufenthaltsbeendigung: eine Beschäftigungsduldung ist dann ausgeschlossen',
  },
  {
    key: 'workPermission',
    code: 'BLOCKS_WORK_PERMISSION',
    paragraph: '§ 60a Abs. 5b Nr. 2 AufenthG',
    text: 'Bevorstehende konkrete Maßnahmen zur Aufenthaltsbeendigung: die Beschäftigung "soll" nicht mehr erlaubt werden',
  },
];

export function returnProgrammeFilingEffects(facts: ReturnProgrammeFacts): ReturnProgrammeDecision {
  const affected = EFFECTS.filter((e) => facts[e.key]);
  const reasons: Reason[] = EFFECTS.map((e) => ({
    code: e.code,
    text: facts[e.key] ? `${e.text} (betrifft die Person)` : e.text,
    paragraph: e.paragraph,
  }));
  return {
    decision: affected.length > 0 ? 'conflict' : 'no-conflict',
    blocks: EFFECTS.map((e) => e.paragraph),
    reasons,
  };
}

/** the warning text the counselling form shows before a REAG/GARP application is filed */
export function returnProgrammeWarning(decision: ReturnProgrammeDecision): string {
  const head =
    decision.decision === 'conflict'
      ? 'Achtung: Der REAG/GARP-Antrag gefährdet ein laufendes Verfahren oder eine erteilte Erlaubnis der Person.'
      : 'Hinweis: Mit dem REAG/GARP-Antrag gilt die Aufenthaltsbeendigung als konkret eingeleitet.';
  return [head, ...decision.reasons.map((r) => `${r.text} (${r.paragraph}).`)].join(' ');
}
