import type { LintReporter, ModdleNode, PlatformFacts, RuleFactory } from './lint.types';

/**
 * The platform's own bpmnlint rules (issue 5 § 1): every job type has a worker, every form id exists,
 * every user task has a candidate group that is a real agency unit (and is job-based). Each takes its facts from the rule
 * configuration (`['error', facts]`), so the browser and the server run the same code on the same facts.
 */

function isType(node: ModdleNode, type: string): boolean {
  return node.$instanceOf ? node.$instanceOf(type) : node.$type === type;
}

function extension(node: ModdleNode, type: string): ModdleNode | undefined {
  return node.extensionElements?.values?.find((v) => v.$type === type);
}

function factsOf(config: unknown): PlatformFacts {
  const c = (config ?? {}) as Partial<PlatformFacts>;
  return { jobTypes: c.jobTypes ?? [], formIds: c.formIds ?? [], units: c.units ?? [] };
}

const quote = (value: string): string => `„${value}“`;

/**
 * `zeebe:taskDefinition type` and the `type` of every execution listener (on an element or the process)
 * must name a job type a worker of the platform handles.
 */
export const jobTypeHasWorker: RuleFactory = (config) => {
  const jobTypes = new Set(factsOf(config).jobTypes);
  const checkType = (node: ModdleNode, reporter: LintReporter, raw: unknown, what: string) => {
    const type = typeof raw === 'string' ? raw.trim() : '';
    if (!type) {
      reporter.report(node.id, `Kein Job-Typ ${what}angegeben: wählen Sie eine Vorlage der Plattform.`);
    } else if (type.startsWith('=')) {
      reporter.report(
        node.id,
        `Der Job-Typ ${quote(type)} ${what}ist ein Ausdruck; die Plattform kann nicht prüfen, ob es einen Worker gibt.`,
      );
    } else if (!jobTypes.has(type)) {
      reporter.report(node.id, `Für den Job-Typ ${quote(type)} ${what}gibt es keinen Worker der Plattform.`);
    }
  };
  return {
    check(node: ModdleNode, reporter: LintReporter) {
      const definition = extension(node, 'zeebe:TaskDefinition');
      if (definition) checkType(node, reporter, definition.type, '');
      const listeners = extension(node, 'zeebe:ExecutionListeners') as
        (ModdleNode & { listeners?: { type?: unknown }[] }) | undefined;
      for (const listener of listeners?.listeners ?? []) {
        checkType(node, reporter, listener.type, 'des Ausführungs-Listeners ');
      }
    },
  };
};

/** Every user task links a form (`zeebe:formDefinition formId`) that exists in the catalogue. */
export const formExists: RuleFactory = (config) => {
  const formIds = new Set(factsOf(config).formIds);
  return {
    check(node: ModdleNode, reporter: LintReporter) {
      if (!isType(node, 'bpmn:UserTask')) return;
      const form = extension(node, 'zeebe:FormDefinition');
      const formId = typeof form?.formId === 'string' ? form.formId.trim() : '';
      if (!formId) {
        reporter.report(node.id, 'Die Benutzeraufgabe hat kein Formular (Form-ID fehlt).');
      } else if (!formIds.has(formId)) {
        reporter.report(node.id, `Das Formular ${quote(formId)} gibt es nicht.`);
      }
    },
  };
};

const FEEL_WORDS = new Set(['if', 'then', 'else', 'null', 'and', 'or', 'not', 'true', 'false']);

/**
 * Every user task has a candidate group, and each group is an agency unit code. A FEEL expression may
 * combine unit-code literals and variables (which the engine resolves); each literal must be a unit.
 */
export const candidateGroupIsUnit: RuleFactory = (config) => {
  const units = new Set(factsOf(config).units);
  return {
    check(node: ModdleNode, reporter: LintReporter) {
      if (!isType(node, 'bpmn:UserTask')) return;
      const assignment = extension(node, 'zeebe:AssignmentDefinition');
      const groups = typeof assignment?.candidateGroups === 'string' ? assignment.candidateGroups.trim() : '';
      if (!groups || groups === '=') {
        reporter.report(node.id, 'Die Benutzeraufgabe hat keine Kandidatengruppe (Einheit).');
        return;
      }
      if (groups.startsWith('=')) {
        const literals = [...groups.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
        const unknown = literals.filter((l) => !units.has(l));
        const names = groups
          .slice(1)
          .replace(/"[^"]*"/g, '')
          .match(/[A-Za-z_][A-Za-z0-9_]*/g)
          ?.filter((w) => !FEEL_WORDS.has(w));
        if (unknown.length) {
          reporter.report(node.id, `Keine Einheit der Migrationsagentur: ${unknown.map(quote).join(', ')}.`);
        } else if (!literals.length && !names?.length) {
          reporter.report(node.id, 'Die Kandidatengruppe ergibt keine Einheit.');
        }
        return;
      }
      const list = groups.split(',').map((g) => g.trim());
      const unknown = list.filter((g) => !units.has(g));
      if (unknown.length) {
        reporter.report(
          node.id,
          `Keine Einheit der Migrationsagentur: ${unknown.map((g) => quote(g || '(leer)')).join(', ')}.`,
        );
      }
    },
  };
};

/**
 * The task list collects job-based user tasks only: a Camunda user task (`zeebe:userTask`, which the
 * editor's behaviours add to new user tasks) would never reach it on a real Zeebe.
 */
export const userTaskIsJobBased: RuleFactory = () => ({
  check(node: ModdleNode, reporter: LintReporter) {
    if (!isType(node, 'bpmn:UserTask')) return;
    if (extension(node, 'zeebe:UserTask')) {
      reporter.report(
        node.id,
        'Die Benutzeraufgabe ist als „Camunda-Benutzeraufgabe“ (zeebe:userTask) angelegt; die Aufgabenliste der Plattform kennt nur Job-basierte Benutzeraufgaben. Bitte die Implementierung auf „Job worker“ umstellen.',
      );
    }
  },
});

/** the process-level execution listeners that keep the platform's instance log (src/engine/instance-log) */
export const INSTANCE_LOG_LISTENERS = [
  { eventType: 'start', type: 'platform-instance-started' },
  { eventType: 'end', type: 'platform-instance-ended' },
] as const;

/**
 * Every executable process carries the instance-log listeners on the process itself: without them the
 * catalogue cannot count the instances running on a version (the Zeebe API cannot list them).
 */
export const processHasInstanceLog: RuleFactory = () => ({
  check(node: ModdleNode, reporter: LintReporter) {
    if (!isType(node, 'bpmn:Process') || (node as { isExecutable?: boolean }).isExecutable === false) return;
    const listeners =
      (
        extension(node, 'zeebe:ExecutionListeners') as
          (ModdleNode & { listeners?: { eventType?: unknown; type?: unknown }[] }) | undefined
      )?.listeners ?? [];
    const missing = INSTANCE_LOG_LISTENERS.filter(
      (want) => !listeners.some((l) => l.eventType === want.eventType && l.type === want.type),
    );
    if (missing.length) {
      reporter.report(
        node.id,
        `Dem Prozess fehlen die Ausführungs-Listener der Instanzprotokollierung (${missing
          .map((m) => `${m.eventType === 'start' ? 'Start' : 'Ende'}: ${quote(m.type)}`)
          .join(', ')}); ohne sie zählt der Katalog die laufenden Instanzen nicht.`,
      );
    }
  },
});

/** the rules of the `platform` plugin (`bpmnlint-plugin-platform`), by rule name */
export const PLATFORM_RULES: Record<string, RuleFactory> = {
  'job-type-has-worker': jobTypeHasWorker,
  'form-exists': formExists,
  'candidate-group-is-unit': candidateGroupIsUnit,
  'user-task-is-job-based': userTaskIsJobBased,
  'process-has-instance-log': processHasInstanceLog,
};
