import { LintList } from './lint-list';

/** bpmn-js module: the list of live lint findings beside the canvas (needs bpmn-js-bpmnlint) */
export default {
  __init__: ['lintList'],
  lintList: ['type', LintList],
};
