import { Linter } from 'bpmnlint';
import { platformLintConfig } from './lint-config';
import type { LintCategory, LintIssue, PlatformFacts } from './lint.types';

/**
 * Runs the platform's lint (lint-config.ts) on a parsed model (bpmn-moddle definitions, e.g.
 * `modeler.getDefinitions()` or the server's parse) and returns the findings as the API shows them:
 * errors first, then warnings, each naming the element. Browser-safe.
 */
export async function lintDefinitions(definitions: unknown, facts: PlatformFacts): Promise<LintIssue[]> {
  const linter = new Linter(platformLintConfig(facts));
  const results = await linter.lint(definitions);
  const fallbackId = (definitions as { id?: string } | null)?.id ?? '';
  const issues: LintIssue[] = [];
  for (const [rule, reports] of Object.entries(results)) {
    for (const report of reports) {
      const category = toCategory(report.category);
      if (!category) continue;
      issues.push({
        elementId: report.id ?? fallbackId,
        rule,
        message: germanMessage(rule, report.message),
        category,
      });
    }
  }
  return issues.sort(
    (a, b) =>
      (a.category === b.category ? 0 : a.category === 'error' ? -1 : 1) ||
      a.elementId.localeCompare(b.elementId) ||
      a.rule.localeCompare(b.rule),
  );
}

/** bpmnlint's categories: a rule that crashed ('rule-error') is shown as a warning, `info` is dropped */
function toCategory(category: string): LintCategory | null {
  if (category === 'error') return 'error';
  if (category === 'warn' || category === 'rule-error') return 'warn';
  return null;
}

/**
 * German texts for bpmnlint's recommended rules and the common messages of the camunda-compat plugin
 * (their own messages are English); the English message stays in brackets for the details.
 */
const GERMAN: Record<string, string> = {
  'label-required': 'Das Element braucht eine Beschriftung.',
  'no-disconnected': 'Das Element ist mit keinem Sequenzfluss verbunden.',
  'end-event-required': 'Der Prozess braucht ein Endereignis.',
  'start-event-required': 'Der Prozess braucht ein Startereignis.',
  'conditional-flows':
    'Ausgehende Sequenzflüsse dieses Gateways brauchen eine Bedingung oder einen Standardfluss.',
  'no-implicit-split': 'Mehrere ausgehende Flüsse ohne Gateway: bitte ein Gateway verwenden.',
  'no-implicit-end': 'Das Element endet den Prozess ohne Endereignis.',
  'no-implicit-start': 'Das Element beginnt den Prozess ohne Startereignis.',
  'no-duplicate-sequence-flows': 'Doppelter Sequenzfluss.',
  'no-gateway-join-fork': 'Ein Gateway darf nicht zugleich zusammenführen und verzweigen.',
  'no-complex-gateway': 'Komplexe Gateways werden nicht unterstützt.',
  'single-blank-start-event': 'Nur ein leeres Startereignis je Prozess.',
  'single-event-definition': 'Ein Ereignis darf nur eine Ereignisdefinition haben.',
  'no-bpmndi': 'Dem Element fehlt die Darstellung im Diagramm.',
  'superfluous-gateway': 'Überflüssiges Gateway (nur ein Ein- und ein Ausgang).',
  'fake-join': 'Mehrere eingehende Flüsse ohne Gateway: bitte ein Gateway verwenden.',
  'no-overlapping-elements': 'Das Element überlappt ein anderes.',
};

/** the camunda-compat plugin's message patterns (its messages name types and properties in <…>) */
const GERMAN_PATTERNS: [RegExp, (...m: string[]) => string][] = [
  [
    /^Element of type <([^>]+)> must have property (.+)$/,
    (_, t, p) => `Dem Element (${t}) fehlt die Eigenschaft ${p}.`,
  ],
  [
    /^Element of type <([^>]+)> must have one extension element of type (.+)$/,
    (_, t, e) => `Dem Element (${t}) fehlt die Angabe ${e}.`,
  ],
  [/^Property <([^>]+)> is not a valid FEEL expression$/, (_, p) => `${p} ist kein gültiger FEEL-Ausdruck.`],
  [/^Property <([^>]+)> must have expression value$/, (_, p) => `${p} muss ein Ausdruck (mit =) sein.`],
  [/^Property <([^>]+)> must have value of <([^>]+)>$/, (_, p, v) => `${p} muss den Wert ${v} haben.`],
  [
    /only allowed by Camunda|not allowed|not supported/,
    () => 'Von der Ziel-Version der Engine (Zeebe 8.6) nicht unterstützt.',
  ],
];

function germanMessage(rule: string, message: string): string {
  const german = GERMAN[rule];
  if (german) return `${german} (${message})`;
  for (const [pattern, text] of GERMAN_PATTERNS) {
    const match = pattern.exec(message);
    if (match) return `${text(...match)} (${message})`;
  }
  return message;
}
