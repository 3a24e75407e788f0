/**
 * bpmn-js module, loaded after camunda-bpmn-js-behaviors: new user tasks stay job-based. The Camunda 8
 * behaviours give every new user task a `zeebe:userTask` extension (a "Camunda user task"); the
 * platform's task list collects job-based user tasks only, so the platform lint refuses that
 * (platform/user-task-is-job-based). Replacing the behaviour by an inert value keeps new tasks valid.
 */
export default {
  createZeebeUserTaskBehavior: ['value', {}],
};
