/**
 * Types of the platform's BPMN lint, shared by the server (src/modeler) and the editor in the browser.
 * Nothing here may import Node-only modules: the editor bundles the same code.
 */

/** What the platform lint rules check a model against (GET /api/modeler/platform-facts). */
export interface PlatformFacts {
  /** job types with a registered @JobWorker */
  jobTypes: string[];
  /** form ids in the catalogue (forms/ and saved form versions) */
  formIds: string[];
  /** agency unit codes (candidate groups) */
  units: string[];
}

/** A bpmn-moddle element as bpmnlint hands it to a rule. */
export interface ModdleNode {
  $type: string;
  id?: string;
  name?: string;
  extensionElements?: { values?: ModdleNode[] };
  $instanceOf?: (type: string) => boolean;
  [key: string]: unknown;
}

export interface LintReporter {
  report(id: string | undefined, message: string, path?: string[]): void;
}

export type RuleCheck =
  | ((node: ModdleNode, reporter: LintReporter) => boolean | void)
  | {
      enter?: (node: ModdleNode, reporter: LintReporter) => boolean | void;
      leave?: (node: ModdleNode, reporter: LintReporter) => void;
    };

export interface RuleDefinition {
  meta?: { documentation?: { url?: string } };
  check: RuleCheck;
}

/** A bpmnlint rule module: called with the rule's configuration (second element of `['error', config]`). */
export type RuleFactory = (config?: unknown) => RuleDefinition;

export type RuleValue = 'off' | 'warn' | 'error' | 'info' | 0 | 1 | 2 | 3 | [string | number, unknown?];

export interface LintConfig {
  extends?: string | string[];
  rules?: Record<string, RuleValue>;
}

/** The resolver bpmnlint's Linter (and so bpmn-js-bpmnlint) asks for rules and configs by package. */
export interface LintResolver {
  resolveRule(pkg: string, ruleName: string): RuleFactory;
  resolveConfig(pkg: string, configName: string): LintConfig;
}

/** `{ config, resolver }`: what bpmn-js-bpmnlint's `linting.bpmnlint` and bpmnlint's Linter take. */
export interface PackedLintConfig {
  config: LintConfig;
  resolver: LintResolver;
}

export type LintCategory = 'error' | 'warn';

/** One finding, as the REST API and the editor's list show it. */
export interface LintIssue {
  /** the element's id (the process or definitions id for model-wide findings) */
  elementId: string;
  /** e.g. `label-required`, `camunda-compat/implementation`, `platform/form-exists` */
  rule: string;
  /** German where the platform wrote the rule; bpmnlint's own rules report in English */
  message: string;
  category: LintCategory;
}
