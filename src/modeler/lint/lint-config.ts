/**
 * The platform's bpmnlint configuration, packed for bpmn-js-bpmnlint (`linting: { bpmnlint: … }`) and
 * for bpmnlint's Linter on the server: the rules of .bpmnlintrc (bpmnlint:recommended +
 * camunda-compat/camunda-cloud-8-6, `camunda-compat/zeebe-user-task` off) plus the platform rules,
 * resolved from static imports so a bundler can pack them. No Node-only imports here.
 */
import recommendedConfig from 'bpmnlint/config/recommended';
import camundaCompat from 'bpmnlint-plugin-camunda-compat';
import type {
  LintConfig,
  LintResolver,
  PackedLintConfig,
  PlatformFacts,
  RuleFactory,
  RuleValue,
} from './lint.types';
import { PLATFORM_RULES } from './platform-rules';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event';
import fakeJoin from 'bpmnlint/rules/fake-join';
import global from 'bpmnlint/rules/global';
import labelRequired from 'bpmnlint/rules/label-required';
import linkEvent from 'bpmnlint/rules/link-event';
import noBpmndi from 'bpmnlint/rules/no-bpmndi';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import superfluousLabel from 'bpmnlint/rules/superfluous-label';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';
import compatImplementation from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/implementation';
import compatCalledElement from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/called-element';
import compatDuplicateTaskHeaders from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/duplicate-task-headers';
import compatElementType from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/element-type';
import compatErrorReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/error-reference';
import compatEventBasedGatewayTarget from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/event-based-gateway-target';
import compatExecutableProcess from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/executable-process';
import compatLoopCharacteristics from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/loop-characteristics';
import compatMessageReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/message-reference';
import compatIoMapping from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/io-mapping';
import compatNoBusinessId from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-business-id';
import compatNoCancelExecutionListener from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-cancel-execution-listener';
import compatNoExecutionListenerHeaders from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-execution-listener-headers';
import compatNoExpression from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-expression';
import compatNoJobPriorityDefinition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-job-priority-definition';
import compatNoLoop from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-loop';
import compatNoMultipleNoneStartEvents from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-multiple-none-start-events';
import compatNoTaskListeners from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-task-listeners';
import compatSequenceFlowCondition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/sequence-flow-condition';
import compatStartEventForm from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/start-event-form';
import compatSubscription from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/subscription';
import compatTimer from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/timer';
import compatUserTaskDefinition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/user-task-definition';
import compatUserTaskForm from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/user-task-form';
import compatVariableName from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/variable-name';
import compatFeel from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/feel';
import compatFeelCompatibility from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/feel-compatibility';
import compatConnectorProperties from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/connector-properties';
import compatEscalationBoundaryEventAttachedToRef from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/escalation-boundary-event-attached-to-ref';
import compatEscalationReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/escalation-reference';
import compatLinkEvent from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/link-event';
import compatTaskSchedule from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/task-schedule';
import compatSecrets from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/secrets';
import compatSignalReference from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/signal-reference';
import compatWaitForCompletion from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/wait-for-completion';
import compatDuplicateExecutionListeners from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/duplicate-execution-listeners';
import compatExecutionListener from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/execution-listener';
import compatNoBeforeAllExecutionListener from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/no-before-all-execution-listener';
import compatPriorityDefinition from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/priority-definition';
import compatVersionTag from 'bpmnlint-plugin-camunda-compat/rules/camunda-cloud/version-tag';

/** a rule module of bpmnlint or a plugin (CommonJS, untyped) */
type ExternalRule = (config?: unknown) => unknown;

/** bpmnlint:recommended */
const RECOMMENDED_RULES: Record<string, ExternalRule> = {
  'ad-hoc-sub-process': adHocSubProcess,
  'conditional-flows': conditionalFlows,
  'end-event-required': endEventRequired,
  'event-based-gateway': eventBasedGateway,
  'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'fake-join': fakeJoin,
  global: global,
  'label-required': labelRequired,
  'link-event': linkEvent,
  'no-bpmndi': noBpmndi,
  'no-complex-gateway': noComplexGateway,
  'no-disconnected': noDisconnected,
  'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'no-gateway-join-fork': noGatewayJoinFork,
  'no-implicit-split': noImplicitSplit,
  'no-implicit-end': noImplicitEnd,
  'no-implicit-start': noImplicitStart,
  'no-inclusive-gateway': noInclusiveGateway,
  'no-overlapping-elements': noOverlappingElements,
  'single-blank-start-event': singleBlankStartEvent,
  'single-event-definition': singleEventDefinition,
  'start-event-required': startEventRequired,
  'sub-process-blank-start-event': subProcessBlankStartEvent,
  'superfluous-gateway': superfluousGateway,
  'superfluous-label': superfluousLabel,
  'superfluous-termination': superfluousTermination,
};

/** camunda-compat/camunda-cloud-8-6 (zeebe-user-task is off in .bpmnlintrc and not bundled) */
const CAMUNDA_COMPAT_RULES: Record<string, ExternalRule> = {
  implementation: compatImplementation,
  'called-element': compatCalledElement,
  'duplicate-task-headers': compatDuplicateTaskHeaders,
  'element-type': compatElementType,
  'error-reference': compatErrorReference,
  'event-based-gateway-target': compatEventBasedGatewayTarget,
  'executable-process': compatExecutableProcess,
  'loop-characteristics': compatLoopCharacteristics,
  'message-reference': compatMessageReference,
  'io-mapping': compatIoMapping,
  'no-business-id': compatNoBusinessId,
  'no-cancel-execution-listener': compatNoCancelExecutionListener,
  'no-execution-listener-headers': compatNoExecutionListenerHeaders,
  'no-expression': compatNoExpression,
  'no-job-priority-definition': compatNoJobPriorityDefinition,
  'no-loop': compatNoLoop,
  'no-multiple-none-start-events': compatNoMultipleNoneStartEvents,
  'no-task-listeners': compatNoTaskListeners,
  'sequence-flow-condition': compatSequenceFlowCondition,
  'start-event-form': compatStartEventForm,
  subscription: compatSubscription,
  timer: compatTimer,
  'user-task-definition': compatUserTaskDefinition,
  'user-task-form': compatUserTaskForm,
  'variable-name': compatVariableName,
  feel: compatFeel,
  'feel-compatibility': compatFeelCompatibility,
  'connector-properties': compatConnectorProperties,
  'escalation-boundary-event-attached-to-ref': compatEscalationBoundaryEventAttachedToRef,
  'escalation-reference': compatEscalationReference,
  'link-event': compatLinkEvent,
  'task-schedule': compatTaskSchedule,
  secrets: compatSecrets,
  'signal-reference': compatSignalReference,
  'wait-for-completion': compatWaitForCompletion,
  'duplicate-execution-listeners': compatDuplicateExecutionListeners,
  'execution-listener': compatExecutionListener,
  'no-before-all-execution-listener': compatNoBeforeAllExecutionListener,
  'priority-definition': compatPriorityDefinition,
  'version-tag': compatVersionTag,
};

/** the target Zeebe version of the models (as in .bpmnlintrc) */
export const CAMUNDA_COMPAT_CONFIG = 'camunda-cloud-8-6';

const RULES: Record<string, Record<string, RuleFactory>> = {
  bpmnlint: RECOMMENDED_RULES as Record<string, RuleFactory>,
  'bpmnlint-plugin-camunda-compat': CAMUNDA_COMPAT_RULES as Record<string, RuleFactory>,
  'bpmnlint-plugin-platform': PLATFORM_RULES,
};

const CONFIGS: Record<string, LintConfig> = {
  'bpmnlint/recommended': recommendedConfig as LintConfig,
  [`bpmnlint-plugin-camunda-compat/${CAMUNDA_COMPAT_CONFIG}`]: camundaCompat.configs[
    CAMUNDA_COMPAT_CONFIG
  ] as LintConfig,
};

/** Resolves the bundled rules and configs; anything else is an error (as bpmnlint's StaticResolver). */
export const platformLintResolver: LintResolver = {
  resolveRule(pkg: string, ruleName: string): RuleFactory {
    const rule = RULES[pkg]?.[ruleName];
    if (!rule) throw new Error(`unknown rule <${pkg}/${ruleName}>`);
    return rule;
  },
  resolveConfig(pkg: string, configName: string): LintConfig {
    const config = CONFIGS[`${pkg}/${configName}`];
    if (!config) throw new Error(`unknown config <${pkg}/${configName}>`);
    return config;
  },
};

/** the platform rules as configured with the facts (all errors: they block submission) */
export function platformRuleSettings(facts: PlatformFacts): Record<string, RuleValue> {
  return {
    'platform/job-type-has-worker': ['error', facts],
    'platform/form-exists': ['error', facts],
    'platform/candidate-group-is-unit': ['error', facts],
    'platform/user-task-is-job-based': 'error',
    'platform/process-has-instance-log': 'error',
  };
}

/**
 * `{ config, resolver }` for bpmn-js-bpmnlint and bpmnlint's Linter: .bpmnlintrc plus the platform
 * rules checked against `facts`.
 */
export function platformLintConfig(facts: PlatformFacts): PackedLintConfig {
  return {
    config: {
      extends: ['bpmnlint:recommended', `plugin:camunda-compat/${CAMUNDA_COMPAT_CONFIG}`],
      rules: {
        'camunda-compat/zeebe-user-task': 'off',
        ...platformRuleSettings(facts),
      },
    },
    resolver: platformLintResolver,
  };
}
