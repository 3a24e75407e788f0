/**
 * The executable form of a deployed BPMN process, produced by `compileBpmn` (model/compile.ts) and
 * interpreted by the runtime. Everything the runtime needs is resolved here once, at deploy time, so
 * that the runtime never touches moddle objects.
 */

/** A value that is either static or a FEEL expression (a Zeebe property starting with `=`). */
export type Expression =
  { kind: 'static'; value: string } | { kind: 'feel'; source: string /* without the leading '=' */ };

export type ElementKind =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'task' // bpmn:Task and bpmn:ManualTask: pass through
  | 'jobTask' // service, send, business-rule, script task with zeebe:taskDefinition; message end / throw events with a job
  | 'scriptTask' // script task with zeebe:script (FEEL evaluated inline)
  | 'userTask' // job-based user task (job type io.camunda.zeebe:userTask)
  | 'receiveTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess'
  | 'eventSubProcess'
  | 'callActivity';

export type EventType = 'none' | 'message' | 'timer' | 'error' | 'terminate' | 'signal';

export interface Mapping {
  /** FEEL expression (without '='); a static source `foo` in Zeebe is also FEEL `foo`... except plain
   * values: Zeebe treats a source without '=' as a static string value. */
  source: Expression;
  /** Target variable name, may be a path `a.b` (nested context). */
  target: string;
}

export interface JobDefinition {
  type: Expression;
  /** defaults to static "3" */
  retries: Expression;
  /** zeebe:taskHeaders as given (static strings). */
  headers: Record<string, string>;
}

export interface UserTaskDefinition {
  assignee?: Expression;
  candidateGroups?: Expression; // static: comma separated list; FEEL: list or string
  candidateUsers?: Expression;
  dueDate?: Expression;
  followUpDate?: Expression;
  /** zeebe:formDefinition formId: linked form deployed as a .form resource */
  formId?: string;
  /** zeebe:formDefinition formKey (custom form key, passed through) */
  formKey?: string;
  externalReference?: string;
  /** the task has a zeebe:userTask extension (Camunda user task); the embedded engine still runs it
   * as a job-based user task (job type io.camunda.zeebe:userTask) */
  camundaUserTask?: boolean;
}

export interface TimerDefinition {
  type: 'duration' | 'date' | 'cycle';
  expression: Expression;
}

export interface MessageDefinition {
  name: Expression;
  /** absent on message start events */
  correlationKey?: Expression;
}

export interface MultiInstanceDefinition {
  sequential: boolean;
  inputCollection: Expression; // always FEEL
  inputElement?: string;
  outputCollection?: string;
  outputElement?: Expression;
  completionCondition?: Expression;
}

export interface CallActivityDefinition {
  processId: Expression;
  /** default true */
  propagateAllChildVariables: boolean;
  /** default true */
  propagateAllParentVariables: boolean;
}

export interface ExecutionListener {
  eventType: 'start' | 'end';
  type: Expression;
  retries: Expression;
}

export interface FlowElement {
  id: string;
  name?: string;
  kind: ElementKind;
  /** moddle type, e.g. 'bpmn:ServiceTask' — used in messages, event log and metrics */
  bpmnType: string;
  /** id of the enclosing subProcess / eventSubProcess; null when directly in the process */
  parentId: string | null;
  incoming: string[]; // sequence flow ids
  outgoing: string[]; // sequence flow ids
  defaultFlow?: string; // exclusive / inclusive gateway default flow id

  eventType?: EventType;
  message?: MessageDefinition;
  timer?: TimerDefinition;
  /** error end event: the code thrown (static or FEEL). error catch: code caught; undefined = catch all */
  errorCode?: Expression;
  signalName?: Expression;
  /** boundary events: cancelActivity; event-subprocess start events: isInterrupting. default true */
  interrupting?: boolean;
  /** boundary events: the activity they are attached to */
  attachedTo?: string;
  /** activities: ids of the boundary events attached to them */
  boundaryEvents: string[];

  job?: JobDefinition;
  userTask?: UserTaskDefinition;
  script?: { expression: Expression; resultVariable: string };
  calledElement?: CallActivityDefinition;
  multiInstance?: MultiInstanceDefinition;

  inputs: Mapping[];
  outputs: Mapping[];
  executionListeners: ExecutionListener[];

  /** subProcess / eventSubProcess: the flow elements directly inside */
  children?: string[];
  /** subProcess: the none start event inside; eventSubProcess: its (single) start event */
  startEventId?: string;
  /** subProcess (and process via ExecutableProcess): ids of event subprocesses directly inside */
  eventSubProcesses?: string[];
  /** event-based gateway: the ids of the catch events / receive tasks that follow it */
  eventTargets?: string[];
}

export interface SequenceFlow {
  id: string;
  sourceRef: string;
  targetRef: string;
  condition?: Expression; // FEEL
}

export interface ExecutableProcess {
  bpmnProcessId: string;
  name?: string;
  elements: Map<string, FlowElement>;
  flows: Map<string, SequenceFlow>;
  /** top-level none start event (the one CreateProcessInstance uses) */
  noneStartEventId?: string;
  /** top-level message start events */
  messageStartEventIds: string[];
  /** top-level timer start events */
  timerStartEventIds: string[];
  /** top-level signal start events */
  signalStartEventIds: string[];
  /** event subprocesses directly in the process */
  eventSubProcesses: string[];
  /** flow elements directly in the process */
  children: string[];
  /** zeebe:executionListeners on the process itself (start: before the start event; end: before
   * the instance completes; never on termination) */
  executionListeners: ExecutionListener[];
}

/** One resource of a DeployResource request after parsing. */
export type CompiledResource =
  { kind: 'bpmn'; processes: ExecutableProcess[] } | { kind: 'form'; formId: string; schema: unknown };

/** Thrown when a model cannot be run; the message names the element id and type (INVALID_ARGUMENT). */
export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}
