import {
  applyMappings,
  evaluateCondition,
  evaluateCorrelationKey,
  evaluateExpecting,
  evaluateExpression,
  evaluateNumber,
  evaluateString,
  FeelEvaluationError,
} from '../feel/feel';
import type { ExecutableProcess, ExecutionListener, FlowElement, SequenceFlow } from '../model/model.types';
import { nextDueDate, scheduleTimer } from '../timer/timer';
import { EngineError } from './errors';
import type {
  ElementInstanceData,
  ElementInstanceRow,
  IncidentPhase,
  JobRow,
  ProcessInstanceRow,
  SubscriptionRow,
  TimerRow,
  Vars,
} from './state';
import type { World } from './world';

export interface LoadedDefinition {
  key: number;
  bpmnProcessId: string;
  version: number;
  process: ExecutableProcess;
}

/** Work that needs the database (another instance's lock, a definition, buffered messages). */
export type FollowUp =
  | { kind: 'startChild'; parentEiKey: number; parentPiKey: number; processId: string; variables: Vars }
  | { kind: 'childCompleted'; parentPiKey: number; parentEiKey: number; variables: Vars }
  | { kind: 'cancelChild'; childPiKey: number }
  | {
      kind: 'errorToParent';
      parentPiKey: number;
      parentEiKey: number;
      errorCode: string;
      errorMessage: string;
      variables: Vars;
      origin: ErrorOrigin;
    }
  | { kind: 'unhandledError'; origin: ErrorOrigin; errorCode: string; errorMessage: string }
  | { kind: 'checkBuffered'; subscriptionKey: number; processInstanceKey: number }
  | { kind: 'broadcastSignal'; name: string; variables: Vars }
  | { kind: 'startBuffered'; bpmnProcessId: string; correlationKey: string };

export interface ErrorOrigin {
  piKey: number;
  eiKey: number;
  jobKey: number | null;
}

export interface ExecContext {
  now: number;
  nextKey(): number;
  definition(key: number): LoadedDefinition;
  latestFormKey(formId: string): number | undefined;
  followUp(f: FollowUp): void;
  instanceEnded(pi: ProcessInstanceRow, variables: Vars | null): void;
}

const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

/**
 * The BPMN semantics, synchronous and in memory over the rows a batch holds. Each public method is
 * one command's effect; what needs the database is handed back as a FollowUp.
 */
export class Executor {
  private readonly queue: (() => void)[] = [];
  private draining = false;

  constructor(
    private readonly w: World,
    private readonly ctx: ExecContext,
  ) {}

  // =================================================================================================
  // commands

  createInstance(
    def: LoadedDefinition,
    variables: Vars,
    opts: {
      startElementId?: string;
      /** start instructions (elements directly in the process) */
      startElementIds?: string[];
      trigger?: Vars;
      parent?: { piKey: number; eiKey: number };
      startCorrelationKey?: string | null;
    } = {},
  ): ProcessInstanceRow {
    // checked before anything is written
    const startId = opts.startElementId ?? def.process.noneStartEventId;
    if (!startId && !opts.startElementIds?.length)
      throw new EngineError('INVALID_ARGUMENT', `Process '${def.bpmnProcessId}' has no none start event`);
    const key = this.ctx.nextKey();
    const pi = this.w.instances.put({
      key,
      definitionKey: def.key,
      bpmnProcessId: def.bpmnProcessId,
      version: def.version,
      state: 'ACTIVE',
      parentProcessInstanceKey: opts.parent?.piKey ?? null,
      parentElementInstanceKey: opts.parent?.eiKey ?? null,
      startCorrelationKey: opts.startCorrelationKey ?? null,
      createdAt: this.ctx.now,
      endedAt: null,
    });
    const root = this.w.elements.put({
      key,
      processInstanceKey: key,
      elementId: def.bpmnProcessId,
      flowScopeKey: null,
      state: 'ACTIVATING',
      data: {
        role: 'process',
        start: opts.startElementIds?.length
          ? { elementIds: opts.startElementIds }
          : { elementId: startId!, ...(opts.trigger !== undefined ? { trigger: opts.trigger } : {}) },
      },
    });
    for (const [name, value] of Object.entries(variables)) this.w.setVariable(key, name, value);
    // as Zeebe: the instance exists (ACTIVATING) from its creation, activated after its start listeners
    this.log(root, 'ELEMENT_ACTIVATING');
    this.run(() => this.activateProcess(root));
    return pi;
  }

  /**
   * The process element: its start listeners first (the instance's variables are set, nothing else
   * has happened yet), then the event subprocess subscriptions and the start event (or the elements
   * of the start instructions).
   */
  private activateProcess(root: ElementInstanceRow): void {
    const start = root.data.start;
    if (!this.w.elements.has(root.key) || !start) return;
    const def = this.defOf(root);
    if (root.state === 'ACTIVATING') {
      // start instructions activate the elements directly, without the process's start listeners
      // (as Zeebe's element activation for start instructions does)
      const listeners = start.elementIds?.length ? [] : def.process.executionListeners;
      if (this.nextListener(root, listeners, {}, 'start')) return;
      root.state = 'ACTIVATED';
      this.w.elements.touch(root);
      this.log(root, 'ELEMENT_ACTIVATED');
    } else {
      // an incident while opening the subscriptions was resolved: open them all again
      this.closeOwned(root);
    }
    if (!this.openEventSubprocessSubscriptions(root, def.process.eventSubProcesses)) return;
    root.data.start = undefined;
    this.w.elements.touch(root);
    if (start.elementIds?.length) {
      for (const id of start.elementIds) this.activateElement(root, id);
      return;
    }
    const startId = start.elementId ?? def.process.noneStartEventId!;
    this.activateElement(root, startId, start.trigger !== undefined ? { pending: start.trigger } : {});
  }

  completeJob(job: JobRow, variables: Vars): void {
    if (job.state !== 'ACTIVATABLE' && job.state !== 'ACTIVATED') {
      throw new EngineError(
        'FAILED_PRECONDITION',
        `Expected to complete job with key '${job.key}', but it is in state '${job.state}'`,
      );
    }
    const ei = this.w.elements.get(job.elementInstanceKey);
    this.w.jobs.delete(job.key);
    this.logJob(job, 'JOB_COMPLETED');
    if (!ei) return;
    if (job.kind === 'EXECUTION_LISTENER') return this.listenerCompleted(ei, variables);
    ei.data.pending = variables;
    this.w.elements.touch(ei);
    this.run(() => this.completeElement(ei));
  }

  /** A new activatable job of an element instance, with the scope chain its variables come from. */
  private putNewJob(
    ei: ElementInstanceRow,
    kind: JobRow['kind'],
    type: string,
    retries: number,
    customHeaders: Record<string, string>,
  ): void {
    const pi = this.w.instances.get(ei.processInstanceKey)!;
    const job = this.w.putJob({
      key: this.ctx.nextKey(),
      processInstanceKey: ei.processInstanceKey,
      elementInstanceKey: ei.key,
      type,
      kind,
      state: 'ACTIVATABLE',
      retries,
      worker: '',
      deadline: null,
      activatableAt: 0,
      errorMessage: '',
      customHeaders,
      scopeKeys: this.scopeChain(ei.key),
      bpmnProcessId: pi.bpmnProcessId,
      version: pi.version,
      definitionKey: pi.definitionKey,
      elementId: ei.elementId,
      createdAt: this.ctx.now,
    });
    this.logJob(job, 'JOB_CREATED');
  }

  /**
   * Creates the job of the next execution listener of this phase, if one is left; true while the
   * element waits for it. A failure to evaluate its type or retries is an incident; resolving it runs
   * the listeners of the phase again from the first, as Zeebe does.
   */
  private nextListener(
    ei: ElementInstanceRow,
    all: ExecutionListener[],
    headers: Record<string, string>,
    phase: 'start' | 'end',
  ): boolean {
    const listeners = all.filter((l) => l.eventType === phase);
    if (!listeners.length) return false;
    const done = ei.data.listener?.phase === phase ? ei.data.listener.done : 0;
    if (done >= listeners.length) return false;
    const l = listeners[done];
    if (phase === 'end') ei.state = 'COMPLETING';
    ei.data.listener = { phase, done };
    this.w.elements.touch(ei);
    const ok = this.guard(ei, phase === 'start' ? 'ACTIVATE' : 'COMPLETE', 'EXTRACT_VALUE_ERROR', () => {
      const vars = this.visible(ei.key);
      const type = evaluateString(l.type, vars, this.feelOpts);
      const retries = evaluateNumber(l.retries, vars, this.feelOpts);
      this.putNewJob(ei, 'EXECUTION_LISTENER', type, retries, { ...headers });
    });
    if (!ok) {
      ei.data.listener = { phase, done: 0 };
      this.w.elements.touch(ei);
    }
    return true;
  }

  /** A listener job completed: start listeners set locals, end listeners propagate; then go on. */
  private listenerCompleted(ei: ElementInstanceRow, variables: Vars): void {
    const l = ei.data.listener!;
    if (l.phase === 'start') {
      for (const [n, v] of Object.entries(variables)) this.w.setVariable(ei.key, n, v);
    } else if (Object.keys(variables).length) {
      // the process itself has no flow scope: its end listeners set variables on the instance
      this.mergeDocument(ei.flowScopeKey ?? ei.key, variables);
    }
    ei.data.listener = { phase: l.phase, done: l.done + 1 };
    this.w.elements.touch(ei);
    this.run(() => (l.phase === 'start' ? this.doActivate(ei) : this.completeElement(ei)));
  }

  failJob(job: JobRow, retries: number, errorMessage: string, backOffMs: number, variables: Vars): void {
    if (job.state !== 'ACTIVATED' && job.state !== 'ACTIVATABLE') {
      throw new EngineError(
        'FAILED_PRECONDITION',
        `Expected to fail job with key '${job.key}', but it is in state '${job.state}'`,
      );
    }
    for (const [n, v] of Object.entries(variables)) this.w.setVariable(job.elementInstanceKey, n, v);
    job.retries = retries;
    job.errorMessage = errorMessage;
    job.worker = '';
    job.deadline = null;
    this.logJob(job, 'JOB_FAILED', { errorMessage });
    if (retries > 0) {
      job.state = 'ACTIVATABLE';
      job.activatableAt = this.ctx.now + Math.max(0, backOffMs);
      if (backOffMs <= 0) this.w.jobTypesReady.add(job.type);
    } else {
      job.state = 'FAILED';
      const ei = this.w.elements.get(job.elementInstanceKey);
      if (ei)
        this.raiseIncident(ei, 'JOB', 'JOB_NO_RETRIES', errorMessage || 'No more retries left.', job.key);
    }
    this.w.jobs.touch(job);
  }

  throwErrorFromJob(job: JobRow, errorCode: string, errorMessage: string, variables: Vars): void {
    if (job.kind === 'EXECUTION_LISTENER') {
      throw new EngineError(
        'FAILED_PRECONDITION',
        `Expected to throw an error for job with key '${job.key}', but it is an execution listener job; throwing a BPMN error from an execution listener is not supported`,
      );
    }
    if (job.state !== 'ACTIVATED' && job.state !== 'ACTIVATABLE') {
      throw new EngineError(
        'FAILED_PRECONDITION',
        `Expected to throw an error for job with key '${job.key}', but it is in state '${job.state}'`,
      );
    }
    const ei = this.w.elements.get(job.elementInstanceKey);
    job.state = 'ERROR_THROWN';
    job.errorMessage = errorMessage;
    job.worker = '';
    job.deadline = null;
    this.w.jobs.touch(job);
    this.logJob(job, 'JOB_ERROR_THROWN', { errorMessage });
    if (!ei) return;
    this.run(() =>
      this.throwError(ei, errorCode, errorMessage, variables, {
        piKey: ei.processInstanceKey,
        eiKey: ei.key,
        jobKey: job.key,
      }),
    );
  }

  updateJobRetries(job: JobRow, retries: number): void {
    job.retries = retries;
    this.w.jobs.touch(job);
  }

  updateJobTimeout(job: JobRow, timeoutMs: number): void {
    if (job.state !== 'ACTIVATED') {
      throw new EngineError(
        'NOT_FOUND',
        `Expected to update the timeout of job with key '${job.key}', but it is not active`,
      );
    }
    job.deadline = this.ctx.now + timeoutMs;
    this.w.jobs.touch(job);
  }

  cancelInstance(pi: ProcessInstanceRow): void {
    const root = this.w.elements.get(pi.key);
    this.run(() => {
      if (root) this.terminate(root);
      this.endInstance(pi, 'TERMINATED', null);
    });
  }

  setVariables(scopeKey: number, variables: Vars, local: boolean): void {
    if (local) for (const [n, v] of Object.entries(variables)) this.w.setVariable(scopeKey, n, v);
    else this.mergeDocument(scopeKey, variables);
  }

  resolveIncident(incidentKey: number): void {
    const inc = this.w.incidents.get(incidentKey)!;
    const ei = this.w.elements.get(inc.elementInstanceKey);
    if (inc.jobKey !== null) {
      const job = this.w.jobs.get(inc.jobKey);
      if (job && job.state === 'FAILED' && job.retries <= 0) {
        throw new EngineError(
          'FAILED_PRECONDITION',
          `Expected to resolve incident with key '${inc.key}', but the job with key '${job.key}' has no retries left; update its retries first`,
        );
      }
    }
    this.w.incidents.delete(inc.key);
    this.logIncident(inc, 'INCIDENT_RESOLVED');
    if (!ei) return;
    this.run(() => {
      switch (inc.phase) {
        case 'JOB': {
          const job = inc.jobKey !== null ? this.w.jobs.get(inc.jobKey) : undefined;
          if (job) {
            job.state = 'ACTIVATABLE';
            job.activatableAt = 0;
            job.worker = '';
            job.deadline = null;
            this.w.jobs.touch(job);
            this.w.jobTypesReady.add(job.type);
          }
          break;
        }
        case 'ACTIVATE':
        case 'THROW':
          this.doActivate(ei);
          break;
        case 'COMPLETE':
          this.completeElement(ei);
          break;
      }
    });
  }

  /** A due timer; the caller checked it is still in the world. */
  triggerTimer(timer: TimerRow): void {
    this.w.timers.delete(timer.key);
    this.run(() => {
      if (timer.elementInstanceKey === null) {
        // timer start event: a new instance, and the next one of a cycle
        const def = this.ctx.definition(timer.definitionKey);
        this.rearm(timer);
        this.createInstance(def, {}, { startElementId: timer.elementId, trigger: {} });
        return;
      }
      const owner = this.w.elements.get(timer.elementInstanceKey);
      if (!owner) return;
      const def = this.defOf(owner);
      const el = def.process.elements.get(timer.elementId)!;
      const interrupting = el.interrupting !== false;
      if (!interrupting && el.kind !== 'intermediateCatchEvent') this.rearm(timer);
      this.trigger(owner, el, {}, false);
    });
  }

  /** A message or signal met an open subscription. */
  correlate(sub: SubscriptionRow, variables: Vars): void {
    const owner = this.w.elements.get(sub.elementInstanceKey);
    if (!owner) return;
    const def = this.defOf(owner);
    const el = def.process.elements.get(sub.elementId)!;
    this.run(() => this.trigger(owner, el, variables, false));
  }

  /** Follow-up: the child of a call activity completed. */
  childCompleted(parentEiKey: number, variables: Vars): void {
    const ei = this.w.elements.get(parentEiKey);
    if (!ei) return;
    const el = this.element(ei)!;
    const propagate = el.calledElement?.propagateAllChildVariables !== false || el.outputs.length > 0;
    ei.data.pending = propagate ? variables : undefined;
    ei.data.childKey = undefined;
    this.w.elements.touch(ei);
    this.run(() => this.completeElement(ei));
  }

  /** Follow-up: start the child process of a call activity. */
  startChild(
    parentEiKey: number,
    def: LoadedDefinition | undefined,
    processId: string,
    variables: Vars,
  ): void {
    const ei = this.w.elements.get(parentEiKey);
    if (!ei) return;
    if (!def) {
      this.raiseIncident(
        ei,
        'ACTIVATE',
        'CALLED_ELEMENT_ERROR',
        `Expected process with BPMN process id '${processId}' to be deployed, but not found.`,
      );
      return;
    }
    this.run(() => {
      const child = this.createInstance(def, variables, {
        parent: { piKey: ei.processInstanceKey, eiKey: ei.key },
      });
      ei.data.childKey = child.key;
      this.w.elements.touch(ei);
    });
  }

  /** Follow-up: the parent ended the call activity; end the child quietly. */
  cancelChild(pi: ProcessInstanceRow): void {
    const root = this.w.elements.get(pi.key);
    this.run(() => {
      if (root) this.terminate(root);
      this.endInstance(pi, 'TERMINATED', null, false);
    });
  }

  /** Follow-up: an error thrown in a child instance, looked for in the parent from the call activity. */
  errorFromChild(
    parentEiKey: number,
    code: string,
    message: string,
    variables: Vars,
    origin: ErrorOrigin,
  ): void {
    const ei = this.w.elements.get(parentEiKey);
    if (!ei) return;
    this.run(() => this.throwError(ei, code, message, variables, origin));
  }

  /** Follow-up: nobody caught the error: incident where it was thrown. */
  unhandledError(origin: ErrorOrigin, code: string, message: string): void {
    const ei = this.w.elements.get(origin.eiKey);
    if (!ei) return;
    this.raiseIncident(
      ei,
      origin.jobKey !== null ? 'JOB' : 'THROW',
      'UNHANDLED_ERROR_EVENT',
      `Expected to throw an error event with the code '${code}'${message ? ` with message '${message}'` : ''}, but it was not caught. No error events are available in the scope.`,
      origin.jobKey,
    );
  }

  /** Message or signal start event of a process. */
  startByEvent(
    def: LoadedDefinition,
    elementId: string,
    variables: Vars,
    correlationKey: string | null,
  ): ProcessInstanceRow {
    return this.createInstance(
      def,
      {},
      { startElementId: elementId, trigger: variables, startCorrelationKey: correlationKey },
    );
  }

  // =================================================================================================
  // the run loop

  private run(step: () => void): void {
    this.queue.push(step);
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length) this.queue.shift()!();
    } finally {
      this.draining = false;
    }
  }

  // =================================================================================================
  // helpers

  private defOf(ei: ElementInstanceRow): LoadedDefinition {
    const pi = this.w.instances.get(ei.processInstanceKey)!;
    return this.ctx.definition(pi.definitionKey);
  }

  private element(ei: ElementInstanceRow): FlowElement | undefined {
    if (ei.data.role === 'process') return undefined;
    return this.defOf(ei).process.elements.get(ei.elementId);
  }

  private parentScope(ei: ElementInstanceRow): ElementInstanceRow | undefined {
    return ei.flowScopeKey === null ? undefined : this.w.elements.get(ei.flowScopeKey);
  }

  /** Variables visible from a scope: its own and every enclosing scope's, nearer ones winning. */
  public visible(scopeKey: number | null): Vars {
    const chain: number[] = [];
    let k: number | null = scopeKey;
    while (k !== null) {
      chain.push(k);
      k = this.w.elements.get(k)?.flowScopeKey ?? null;
    }
    const out: Vars = {};
    for (let i = chain.length - 1; i >= 0; i--) {
      for (const [n, v] of this.w.localVariables(chain[i])) out[n] = v;
    }
    return out;
  }

  private scopeChain(eiKey: number): number[] {
    const chain: number[] = [];
    let k: number | null = eiKey;
    while (k !== null) {
      chain.push(k);
      k = this.w.elements.get(k)?.flowScopeKey ?? null;
    }
    return chain;
  }

  /** Zeebe's merge: each variable goes to the nearest scope (from `scopeKey` up) that has it, else the root. */
  private mergeDocument(scopeKey: number, vars: Vars): void {
    const chain = this.scopeChain(scopeKey);
    const root = chain[chain.length - 1];
    for (const [name, value] of Object.entries(vars)) {
      const target = chain.find((s) => this.w.hasVariable(s, name)) ?? root;
      this.w.setVariable(target, name, value);
    }
  }

  private get feelOpts(): { now: Date } {
    return { now: new Date(this.ctx.now) };
  }

  private log(ei: ElementInstanceRow, intent: string, elementId?: string): void {
    const pi = this.w.instances.get(ei.processInstanceKey)!;
    const def = this.ctx.definition(pi.definitionKey);
    const el = ei.data.role === 'process' ? undefined : def.process.elements.get(ei.elementId);
    this.w.events.push({
      key: ei.key,
      processInstanceKey: pi.key,
      bpmnProcessId: pi.bpmnProcessId,
      definitionKey: pi.definitionKey,
      version: pi.version,
      elementId: elementId ?? ei.elementId,
      elementType:
        ei.data.role === 'process'
          ? 'PROCESS'
          : ei.data.role === 'miBody'
            ? 'MULTI_INSTANCE_BODY'
            : elementType(el),
      bpmnElementType: el?.bpmnType ?? 'bpmn:Process',
      flowScopeKey: ei.flowScopeKey,
      intent,
      createdAt: this.ctx.now,
    });
  }

  private logFlow(scope: ElementInstanceRow, flow: SequenceFlow): void {
    const pi = this.w.instances.get(scope.processInstanceKey)!;
    this.w.events.push({
      key: this.ctx.nextKey(),
      processInstanceKey: pi.key,
      bpmnProcessId: pi.bpmnProcessId,
      definitionKey: pi.definitionKey,
      version: pi.version,
      elementId: flow.id,
      elementType: 'SEQUENCE_FLOW',
      bpmnElementType: 'bpmn:SequenceFlow',
      flowScopeKey: scope.key,
      intent: 'SEQUENCE_FLOW_TAKEN',
      createdAt: this.ctx.now,
    });
  }

  private logJob(job: JobRow, intent: string, extra: { errorMessage?: string } = {}): void {
    this.w.events.push({
      key: job.key,
      processInstanceKey: job.processInstanceKey,
      bpmnProcessId: job.bpmnProcessId,
      definitionKey: job.definitionKey,
      version: job.version,
      elementId: job.elementId,
      elementType: 'JOB',
      bpmnElementType: null,
      flowScopeKey: job.elementInstanceKey,
      intent,
      jobType: job.type,
      jobWorker: job.worker || null,
      errorMessage: extra.errorMessage ?? null,
      createdAt: this.ctx.now,
    });
  }

  private logIncident(
    inc: {
      key: number;
      processInstanceKey: number;
      elementId: string;
      elementInstanceKey: number;
      errorType: string;
      errorMessage: string;
    },
    intent: string,
  ): void {
    const pi = this.w.instances.get(inc.processInstanceKey);
    this.w.events.push({
      key: inc.key,
      processInstanceKey: inc.processInstanceKey,
      bpmnProcessId: pi?.bpmnProcessId ?? null,
      definitionKey: pi?.definitionKey ?? null,
      version: pi?.version ?? null,
      elementId: inc.elementId,
      elementType: 'INCIDENT',
      bpmnElementType: null,
      flowScopeKey: inc.elementInstanceKey,
      intent,
      errorType: inc.errorType,
      errorMessage: inc.errorMessage,
      createdAt: this.ctx.now,
    });
  }

  private raiseIncident(
    ei: ElementInstanceRow,
    phase: IncidentPhase,
    errorType: string,
    errorMessage: string,
    jobKey: number | null = null,
  ): void {
    const inc = this.w.incidents.put({
      key: this.ctx.nextKey(),
      processInstanceKey: ei.processInstanceKey,
      elementInstanceKey: ei.key,
      elementId: ei.elementId,
      jobKey,
      errorType,
      errorMessage,
      phase,
      createdAt: this.ctx.now,
    });
    this.logIncident(inc, 'INCIDENT_CREATED');
  }

  /** Runs f; a FEEL failure becomes an incident of the given type and phase (returns false). */
  private guard(ei: ElementInstanceRow, phase: IncidentPhase, errorType: string, f: () => void): boolean {
    try {
      f();
      return true;
    } catch (e) {
      if (e instanceof FeelEvaluationError || e instanceof IncidentError) {
        this.raiseIncident(ei, phase, e instanceof IncidentError ? e.errorType : errorType, e.message);
        return false;
      }
      throw e;
    }
  }

  // =================================================================================================
  // activation

  private activateElement(
    scope: ElementInstanceRow,
    elementId: string,
    data: Partial<ElementInstanceData> = {},
  ): ElementInstanceRow {
    const ei = this.w.elements.put({
      key: this.ctx.nextKey(),
      processInstanceKey: scope.processInstanceKey,
      elementId,
      flowScopeKey: scope.key,
      state: 'ACTIVATING',
      data: { role: 'element', ...data },
    });
    this.queue.push(() => this.doActivate(ei));
    return ei;
  }

  private doActivate(ei: ElementInstanceRow): void {
    if (!this.w.elements.has(ei.key)) return; // terminated meanwhile
    if (ei.data.role === 'process') return this.activateProcess(ei);
    const el = this.element(ei)!;
    const def = this.defOf(ei);

    if (el.multiInstance && ei.data.role === 'element') {
      ei.data.role = 'miBody';
      this.w.elements.touch(ei);
    }
    if (ei.data.role === 'miBody') return this.activateBody(ei, el);

    // input mappings: locals of the element, evaluated in its scope (once, also when start
    // listeners resume the activation)
    if (el.inputs.length > 0 && ei.state === 'ACTIVATING' && !ei.data.listener) {
      const ok = this.guard(ei, 'ACTIVATE', 'IO_MAPPING_ERROR', () => {
        const vals = applyMappings(el.inputs, this.visible(ei.key), this.feelOpts);
        for (const [n, v] of Object.entries(vals)) this.w.setVariable(ei.key, n, v);
      });
      if (!ok) return;
    }
    // start execution listeners: after the input mappings, before events and the behaviour
    if (
      ei.state === 'ACTIVATING' &&
      this.nextListener(ei, el.executionListeners, el.job?.headers ?? {}, 'start')
    )
      return;
    // boundary events of a plain activity (a multi-instance body opened its own)
    if (ei.state === 'ACTIVATING' && ei.data.role === 'element' && el.boundaryEvents.length > 0) {
      if (!this.openBoundaryEvents(ei, el, def)) return;
    }
    if (ei.state === 'ACTIVATING') {
      ei.state = 'ACTIVATED';
      this.w.elements.touch(ei);
      this.log(ei, 'ELEMENT_ACTIVATED');
    }
    const triggered = ei.data.pending !== undefined;

    switch (el.kind) {
      case 'startEvent':
      case 'boundaryEvent':
      case 'task':
      case 'exclusiveGateway':
      case 'parallelGateway':
      case 'inclusiveGateway':
        return this.completeElement(ei);
      case 'endEvent':
      case 'intermediateThrowEvent':
        if (el.job) return this.createJob(ei, el);
        if (el.eventType === 'error') {
          this.guard(ei, 'THROW', 'EXTRACT_VALUE_ERROR', () => {
            const code = evaluateString(el.errorCode!, this.visible(ei.key), this.feelOpts);
            this.throwError(ei, code, '', {}, { piKey: ei.processInstanceKey, eiKey: ei.key, jobKey: null });
          });
          return;
        }
        if (el.eventType === 'signal' && el.signalName) {
          const ok = this.guard(ei, 'ACTIVATE', 'EXTRACT_VALUE_ERROR', () => {
            const name = evaluateString(el.signalName!, this.visible(ei.key), this.feelOpts);
            this.ctx.followUp({ kind: 'broadcastSignal', name, variables: {} });
          });
          if (!ok) return;
        }
        return this.completeElement(ei);
      case 'intermediateCatchEvent':
      case 'receiveTask':
        if (triggered) return this.completeElement(ei);
        this.openEvent(ei, ei, el);
        return;
      case 'jobTask':
      case 'userTask':
        return this.createJob(ei, el);
      case 'scriptTask': {
        const s = el.script!;
        this.guard(ei, 'ACTIVATE', 'EXTRACT_VALUE_ERROR', () => {
          const value = evaluateExpression(s.expression, this.visible(ei.key), this.feelOpts);
          ei.data.pending = { [s.resultVariable]: value };
          this.w.elements.touch(ei);
        }) && this.completeElement(ei);
        return;
      }
      case 'eventBasedGateway': {
        for (const targetId of el.eventTargets ?? []) {
          const target = def.process.elements.get(targetId)!;
          if (!this.openEvent(ei, ei, target)) return;
        }
        return;
      }
      case 'subProcess': {
        if (!this.openEventSubprocessSubscriptions(ei, el.eventSubProcesses ?? [])) return;
        this.activateElement(ei, el.startEventId!);
        return;
      }
      case 'eventSubProcess': {
        const pending = ei.data.pending;
        ei.data.pending = undefined;
        this.w.elements.touch(ei);
        this.activateElement(ei, el.startEventId!, pending !== undefined ? { pending } : {});
        return;
      }
      case 'callActivity': {
        const c = el.calledElement!;
        this.guard(ei, 'ACTIVATE', 'EXTRACT_VALUE_ERROR', () => {
          const processId = evaluateString(c.processId, this.visible(ei.key), this.feelOpts);
          const variables = c.propagateAllParentVariables
            ? this.visible(ei.key)
            : Object.fromEntries(this.w.localVariables(ei.key));
          this.ctx.followUp({
            kind: 'startChild',
            parentEiKey: ei.key,
            parentPiKey: ei.processInstanceKey,
            processId,
            variables,
          });
        });
        return;
      }
    }
  }

  private activateBody(body: ElementInstanceRow, el: FlowElement): void {
    const mi = el.multiInstance!;
    const def = this.defOf(body);
    let items: unknown[] = [];
    const ok = this.guard(body, 'ACTIVATE', 'EXTRACT_VALUE_ERROR', () => {
      items = evaluateExpecting(
        mi.inputCollection,
        ['ARRAY'],
        this.visible(body.flowScopeKey),
        this.feelOpts,
      ) as unknown[];
    });
    if (!ok) return;
    if (el.boundaryEvents.length > 0 && !this.openBoundaryEvents(body, el, def)) return;
    body.state = 'ACTIVATED';
    body.data.mi = { total: items.length, started: 0, completed: 0 };
    body.data.items = items;
    this.w.elements.touch(body);
    if (mi.outputCollection)
      this.w.setVariable(
        body.key,
        mi.outputCollection,
        items.map(() => null),
      );
    this.log(body, 'ELEMENT_ACTIVATED');
    if (items.length === 0) return this.completeElement(body);
    const n = mi.sequential ? 1 : items.length;
    for (let i = 0; i < n; i++) this.spawnInner(body, el);
  }

  private spawnInner(body: ElementInstanceRow, el: FlowElement): void {
    const mi = el.multiInstance!;
    const state = body.data.mi!;
    const index = state.started++;
    this.w.elements.touch(body);
    const items = body.data.items ?? [];
    const inner = this.w.elements.put({
      key: this.ctx.nextKey(),
      processInstanceKey: body.processInstanceKey,
      elementId: body.elementId,
      flowScopeKey: body.key,
      state: 'ACTIVATING',
      data: { role: 'miInner', index },
    });
    if (mi.inputElement) this.w.setVariable(inner.key, mi.inputElement, items[index] ?? null);
    this.w.setVariable(inner.key, 'loopCounter', index + 1);
    this.queue.push(() => this.doActivate(inner));
  }

  private openBoundaryEvents(ei: ElementInstanceRow, el: FlowElement, def: LoadedDefinition): boolean {
    for (const bId of el.boundaryEvents) {
      const b = def.process.elements.get(bId)!;
      if (b.eventType === 'error') continue;
      if (!this.openEvent(ei, ei, b)) return false;
    }
    return true;
  }

  /** Opens the timer or subscription of a catch event, owned by `owner`. */
  private openEvent(owner: ElementInstanceRow, evalScope: ElementInstanceRow, event: FlowElement): boolean {
    if (event.kind === 'receiveTask' || event.eventType === 'message') {
      return this.guard(owner, 'ACTIVATE', 'EXTRACT_VALUE_ERROR', () => {
        const vars = this.visible(evalScope.key);
        const name = evaluateString(event.message!.name, vars, this.feelOpts);
        let correlationKey: string;
        try {
          correlationKey = evaluateCorrelationKey(event.message!.correlationKey!, vars, this.feelOpts);
        } catch (e) {
          if (e instanceof FeelEvaluationError) {
            throw new IncidentError(
              'EXTRACT_VALUE_ERROR',
              `Failed to extract the correlation key for '${event.message!.correlationKey!.kind === 'feel' ? event.message!.correlationKey!.source : ''}': The value must be either a string or a number, but was ${e.message.includes("'NULL'") ? 'NULL' : 'another type'}.`,
            );
          }
          throw e;
        }
        const sub = this.w.subscriptions.put({
          key: this.ctx.nextKey(),
          kind: 'message',
          processInstanceKey: owner.processInstanceKey,
          elementInstanceKey: owner.key,
          elementId: event.id,
          bpmnProcessId: this.defOf(owner).bpmnProcessId,
          name,
          correlationKey,
          interrupting: event.interrupting !== false,
        });
        this.ctx.followUp({
          kind: 'checkBuffered',
          subscriptionKey: sub.key,
          processInstanceKey: owner.processInstanceKey,
        });
      });
    }
    if (event.eventType === 'signal') {
      return this.guard(owner, 'ACTIVATE', 'EXTRACT_VALUE_ERROR', () => {
        const name = evaluateString(event.signalName!, this.visible(evalScope.key), this.feelOpts);
        this.w.subscriptions.put({
          key: this.ctx.nextKey(),
          kind: 'signal',
          processInstanceKey: owner.processInstanceKey,
          elementInstanceKey: owner.key,
          elementId: event.id,
          bpmnProcessId: this.defOf(owner).bpmnProcessId,
          name,
          correlationKey: null,
          interrupting: event.interrupting !== false,
        });
      });
    }
    if (event.eventType === 'timer') {
      return this.guard(owner, 'ACTIVATE', 'EXTRACT_VALUE_ERROR', () => {
        let sched: { dueDate: Date; repetitions: number; cycle?: string };
        try {
          sched = scheduleTimer(event.timer!, this.visible(evalScope.key), new Date(this.ctx.now));
        } catch (e) {
          if (e instanceof FeelEvaluationError) throw e;
          throw new IncidentError('EXTRACT_VALUE_ERROR', (e as Error).message);
        }
        this.w.timers.put({
          key: this.ctx.nextKey(),
          processInstanceKey: owner.processInstanceKey,
          elementInstanceKey: owner.key,
          definitionKey: this.defOf(owner).key,
          elementId: event.id,
          dueAt: sched.dueDate.getTime(),
          repetitions: sched.repetitions,
          cycle: sched.cycle ?? null,
        });
      });
    }
    return true;
  }

  private openEventSubprocessSubscriptions(scope: ElementInstanceRow, eventSubIds: string[]): boolean {
    if (eventSubIds.length === 0) return true;
    const def = this.defOf(scope);
    for (const id of eventSubIds) {
      const sub = def.process.elements.get(id)!;
      const start = def.process.elements.get(sub.startEventId!)!;
      if (start.eventType === 'error') continue;
      if (!this.openEvent(scope, scope, start)) return false;
    }
    return true;
  }

  private rearm(timer: TimerRow): void {
    if (!timer.cycle || timer.repetitions === 1) return;
    const next = nextDueDate(timer.cycle, new Date(timer.dueAt));
    if (!next) return;
    this.w.timers.put({
      ...timer,
      key: this.ctx.nextKey(),
      dueAt: next.getTime(),
      repetitions: timer.repetitions < 0 ? -1 : timer.repetitions - 1,
    });
  }

  private createJob(ei: ElementInstanceRow, el: FlowElement): void {
    this.guard(ei, 'ACTIVATE', 'EXTRACT_VALUE_ERROR', () => {
      const vars = this.visible(ei.key);
      let type: string;
      let retries: number;
      const headers: Record<string, string> = {};
      if (el.kind === 'userTask') {
        type = USER_TASK_JOB_TYPE;
        retries = 1;
        const u = el.userTask ?? {};
        // result types as Zeebe checks them; a wrong type is an incident naming the expression
        if (u.assignee) {
          const a = evaluateExpecting(u.assignee, ['STRING', 'NULL'], vars, this.feelOpts) as string | null;
          if (a) headers['io.camunda.zeebe:assignee'] = a;
        }
        for (const [expr, header] of [
          [u.candidateGroups, 'io.camunda.zeebe:candidateGroups'],
          [u.candidateUsers, 'io.camunda.zeebe:candidateUsers'],
        ] as const) {
          if (!expr) continue;
          const v = evaluateExpecting(expr, ['ARRAY', 'STRING', 'NULL'], vars, this.feelOpts);
          headers[header] = JSON.stringify(toList(v));
        }
        for (const [expr, header] of [
          [u.dueDate, 'io.camunda.zeebe:dueDate'],
          [u.followUpDate, 'io.camunda.zeebe:followUpDate'],
        ] as const) {
          if (!expr) continue;
          const d = evaluateExpecting(expr, ['STRING', 'DATE_TIME', 'NULL'], vars, this.feelOpts) as
            string | null;
          if (d) headers[header] = d;
        }
        if (u.formId) {
          const formKey = this.ctx.latestFormKey(u.formId);
          if (formKey === undefined) {
            throw new IncidentError(
              'FORM_NOT_FOUND',
              `Expected to find a form with id '${u.formId}', but no form with this id is found, at least a form with this id should be available. To resolve the Incident please deploy a form with the same id`,
            );
          }
          headers['io.camunda.zeebe:formKey'] = String(formKey);
        } else if (u.formKey) {
          headers['io.camunda.zeebe:formKey'] = u.formKey;
        }
        if (el.job) Object.assign(headers, el.job.headers);
      } else {
        const j = el.job!;
        type = evaluateString(j.type, vars, this.feelOpts);
        retries = evaluateNumber(j.retries, vars, this.feelOpts);
        Object.assign(headers, j.headers);
      }
      this.putNewJob(ei, 'BPMN_ELEMENT', type, retries, headers);
    });
  }

  // =================================================================================================
  // completion

  private completeElement(ei: ElementInstanceRow): void {
    if (!this.w.elements.has(ei.key)) return;
    if (ei.data.role === 'process') return this.completeProcess(ei);
    const el = this.element(ei)!;
    const scope = this.parentScope(ei)!;

    // 1. outputs (not yet written; already written when end listeners resume the completion)
    let output: Vars | null = null;
    let mergeFrom: number | null = null;
    let localPending: Vars | null = null;
    const resumed = ei.data.listener?.phase === 'end';
    if (resumed) {
      // outputs were applied before the end listeners ran
    } else if (ei.data.role === 'miBody') {
      const oc = el.multiInstance!.outputCollection;
      if (oc) {
        output = { [oc]: this.w.localVariables(ei.key).get(oc) ?? [] };
        mergeFrom = scope.key;
      }
    } else if (el.outputs.length > 0) {
      localPending = ei.data.pending ?? null;
      const ok = this.guard(ei, 'COMPLETE', 'IO_MAPPING_ERROR', () => {
        const sources = { ...this.visible(ei.key), ...(localPending ?? {}) };
        output = applyMappings(el.outputs, sources, this.feelOpts);
      });
      if (!ok) return;
      mergeFrom = scope.key;
    } else if (ei.data.pending && Object.keys(ei.data.pending).length > 0) {
      output = ei.data.pending;
      mergeFrom = ei.key;
    }

    // 2. outgoing flows
    let flows: SequenceFlow[] = [];
    if (ei.data.role !== 'miInner') {
      const def = this.defOf(ei);
      const ok = this.guard(ei, 'COMPLETE', 'CONDITION_ERROR', () => {
        flows = this.chooseFlows(ei, el, def);
      });
      if (!ok) return;
    }

    // 3. multi-instance inner: the output element (evaluated in the inner scope)
    let outputElement: unknown;
    if (ei.data.role === 'miInner' && el.multiInstance?.outputElement) {
      const ok = this.guard(ei, 'COMPLETE', 'EXTRACT_VALUE_ERROR', () => {
        // as after the output step: merged outputs visible, the element's own locals nearer still
        const sources = { ...this.visible(ei.key), ...(output ?? {}), ...(localPending ?? {}) };
        outputElement = evaluateExpression(el.multiInstance!.outputElement!, sources, this.feelOpts);
      });
      if (!ok) return;
    }

    // 4. write
    if (localPending) for (const [n, v] of Object.entries(localPending)) this.w.setVariable(ei.key, n, v);
    if (output && mergeFrom !== null) this.mergeDocument(mergeFrom, output);
    ei.data.pending = undefined;
    this.closeOwned(ei);
    // end execution listeners: after the output mappings, before leaving the element
    if (
      ei.data.role !== 'miBody' &&
      this.nextListener(ei, el.executionListeners, el.job?.headers ?? {}, 'end')
    )
      return;
    this.w.removeElement(ei);
    this.log(ei, 'ELEMENT_COMPLETED');

    // 5. continue
    if (ei.data.role === 'miInner') return this.innerCompleted(scope, el, ei, outputElement);
    if (el.kind === 'endEvent' && el.eventType === 'terminate') {
      for (const c of this.w.elements.of(scope.key)) this.terminate(c);
      this.clearJoins(scope);
      return this.checkScopeCompletion(scope);
    }
    const passOn = el.kind === 'eventBasedGateway' ? (ei.data.triggerVars ?? {}) : undefined;
    for (const f of flows) this.takeFlow(scope, f, passOn);
    if (flows.length === 0) this.checkScopeCompletion(scope);
    else this.checkInclusiveJoins(scope);
  }

  private chooseFlows(ei: ElementInstanceRow, el: FlowElement, def: LoadedDefinition): SequenceFlow[] {
    const out = el.outgoing.map((id) => def.process.flows.get(id)!);
    if (el.kind === 'eventBasedGateway') {
      return out.filter((f) => f.targetRef === ei.data.triggeredEvent);
    }
    if (el.kind !== 'exclusiveGateway' && el.kind !== 'inclusiveGateway') return out;
    if (out.length === 0) return out;
    // the gateway's own scope: locals set by its start listeners count
    const vars = this.visible(ei.key);
    const taken: SequenceFlow[] = [];
    for (const f of out) {
      if (f.id === el.defaultFlow || !f.condition) continue;
      const src = f.condition.kind === 'feel' ? f.condition.source : f.condition.value;
      if (evaluateCondition(src, vars, this.feelOpts)) {
        taken.push(f);
        if (el.kind === 'exclusiveGateway') break;
      }
    }
    if (taken.length === 0 && el.defaultFlow) taken.push(def.process.flows.get(el.defaultFlow)!);
    if (taken.length === 0 && out.some((f) => !f.condition && f.id !== el.defaultFlow) && out.length === 1)
      taken.push(out[0]);
    if (taken.length === 0) {
      throw new IncidentError(
        'CONDITION_ERROR',
        `Expected at least one condition to evaluate to true, or to have a default flow`,
      );
    }
    return taken;
  }

  private takeFlow(scope: ElementInstanceRow, flow: SequenceFlow, pending?: Vars): void {
    this.logFlow(scope, flow);
    const def = this.defOf(scope);
    const target = def.process.elements.get(flow.targetRef)!;
    if (
      (target.kind === 'parallelGateway' || target.kind === 'inclusiveGateway') &&
      target.incoming.length > 1
    ) {
      const joins = (scope.data.joins ??= {});
      const g = (joins[target.id] ??= {});
      g[flow.id] = (g[flow.id] ?? 0) + 1;
      this.w.elements.touch(scope);
      if (target.kind === 'parallelGateway') {
        if (target.incoming.every((f) => (g[f] ?? 0) > 0)) {
          this.consumeJoin(scope, target);
          this.activateElement(scope, target.id);
        }
      }
      return;
    }
    this.activateElement(scope, target.id, pending !== undefined ? { pending } : {});
  }

  private consumeJoin(scope: ElementInstanceRow, gateway: FlowElement): void {
    const g = scope.data.joins![gateway.id];
    for (const f of gateway.incoming) {
      if (g[f]) g[f]--;
      if (!g[f]) delete g[f];
    }
    if (Object.keys(g).length === 0) delete scope.data.joins![gateway.id];
    if (Object.keys(scope.data.joins!).length === 0) delete scope.data.joins;
    this.w.elements.touch(scope);
  }

  private clearJoins(scope: ElementInstanceRow): void {
    if (scope.data.joins) {
      delete scope.data.joins;
      this.w.elements.touch(scope);
    }
  }

  /** Inclusive joins fire once no active path in the scope can still bring a token to them. */
  private checkInclusiveJoins(scope: ElementInstanceRow): void {
    const joins = scope.data.joins;
    if (!joins) return;
    const def = this.defOf(scope);
    for (const gId of Object.keys(joins)) {
      const gateway = def.process.elements.get(gId)!;
      if (gateway.kind !== 'inclusiveGateway') continue;
      const g = joins[gId];
      const missing = gateway.incoming.filter((f) => !g[f]);
      const active = this.w.elements.of(scope.key);
      const canArrive = missing.some((flowId) =>
        active.some((c) => reachableFlows(def, c.elementId).has(flowId)),
      );
      if (!canArrive) {
        this.consumeJoin(scope, gateway);
        this.activateElement(scope, gateway.id);
      }
    }
  }

  private checkScopeCompletion(scope: ElementInstanceRow): void {
    if (!this.w.elements.has(scope.key)) return;
    if (this.w.elements.countOf(scope.key) > 0) return;
    if (scope.data.joins) {
      this.checkInclusiveJoins(scope);
      if (this.w.elements.countOf(scope.key) > 0 || scope.data.joins) return;
    }
    if (scope.state !== 'ACTIVATED') return;
    this.queue.push(() => this.completeElement(scope));
  }

  private innerCompleted(
    body: ElementInstanceRow,
    el: FlowElement,
    inner: ElementInstanceRow,
    outputElement: unknown,
  ): void {
    const mi = el.multiInstance!;
    const state = body.data.mi!;
    state.completed++;
    this.w.elements.touch(body);
    if (mi.outputCollection && mi.outputElement) {
      const coll = [...((this.w.localVariables(body.key).get(mi.outputCollection) as unknown[]) ?? [])];
      coll[inner.data.index!] = outputElement ?? null;
      this.w.setVariable(body.key, mi.outputCollection, coll);
    }
    if (mi.completionCondition) {
      let done = false;
      const ok = this.guard(body, 'COMPLETE', 'EXTRACT_VALUE_ERROR', () => {
        const active = this.w.elements.countOf(body.key);
        const vars = {
          ...this.visible(body.key),
          numberOfInstances: state.total,
          numberOfActiveInstances: active,
          numberOfCompletedInstances: state.completed,
          numberOfTerminatedInstances: 0,
          loopCounter: inner.data.index! + 1,
        };
        const src =
          mi.completionCondition!.kind === 'feel'
            ? mi.completionCondition!.source
            : mi.completionCondition!.value;
        done = evaluateCondition(src, vars, this.feelOpts);
      });
      if (!ok) return;
      if (done) {
        for (const c of this.w.elements.of(body.key)) this.terminate(c);
        return this.completeElement(body);
      }
    }
    if (mi.sequential && state.started < state.total) return this.spawnInner(body, el);
    if (state.completed >= state.total && this.w.elements.countOf(body.key) === 0) this.completeElement(body);
  }

  private completeProcess(root: ElementInstanceRow): void {
    const pi = this.w.instances.get(root.processInstanceKey)!;
    // the subscriptions of its event subprocesses close first; then its end listeners run, one
    // after the other, while the instance is COMPLETING
    this.closeOwned(root);
    if (this.nextListener(root, this.defOf(root).process.executionListeners, {}, 'end')) return;
    const variables = this.visible(root.key);
    this.w.removeElement(root);
    this.log(root, 'ELEMENT_COMPLETED');
    this.endInstance(pi, 'COMPLETED', variables);
  }

  private endInstance(
    pi: ProcessInstanceRow,
    state: 'COMPLETED' | 'TERMINATED',
    variables: Vars | null,
    notifyParent = true,
  ): void {
    if (pi.state !== 'ACTIVE') return;
    pi.state = state;
    pi.endedAt = this.ctx.now;
    this.w.instances.touch(pi);
    this.ctx.instanceEnded(pi, variables);
    if (pi.startCorrelationKey) {
      // a message buffered meanwhile for the same correlation key may start the next instance now
      this.ctx.followUp({
        kind: 'startBuffered',
        bpmnProcessId: pi.bpmnProcessId,
        correlationKey: pi.startCorrelationKey,
      });
    }
    if (
      state === 'COMPLETED' &&
      notifyParent &&
      pi.parentProcessInstanceKey !== null &&
      pi.parentElementInstanceKey !== null
    ) {
      this.ctx.followUp({
        kind: 'childCompleted',
        parentPiKey: pi.parentProcessInstanceKey,
        parentEiKey: pi.parentElementInstanceKey,
        variables: variables ?? {},
      });
    }
  }

  // =================================================================================================
  // termination

  /** Ends an element instance and everything below it, depth first. */
  private terminate(ei: ElementInstanceRow): void {
    if (!this.w.elements.has(ei.key)) return;
    for (const c of this.w.elements.of(ei.key)) this.terminate(c);
    for (const job of this.w.jobs.of(ei.key)) {
      this.w.jobs.delete(job.key);
      this.logJob(job, 'JOB_CANCELED');
    }
    this.closeOwned(ei);
    for (const inc of this.w.incidents.of(ei.key)) {
      this.w.incidents.delete(inc.key);
      this.logIncident(inc, 'INCIDENT_RESOLVED');
    }
    if (ei.data.childKey !== undefined)
      this.ctx.followUp({ kind: 'cancelChild', childPiKey: ei.data.childKey });
    this.w.removeElement(ei);
    this.log(ei, 'ELEMENT_TERMINATED');
  }

  /** Closes the timers and subscriptions an element instance owns (boundary, event subprocess starts, own). */
  private closeOwned(ei: ElementInstanceRow, filter?: (elementId: string) => boolean): void {
    for (const t of this.w.timers.of(ei.key)) if (!filter || filter(t.elementId)) this.w.timers.delete(t.key);
    for (const s of this.w.subscriptions.of(ei.key))
      if (!filter || filter(s.elementId)) this.w.subscriptions.delete(s.key);
  }

  // =================================================================================================
  // events

  /** A timer, message or signal occurred for an event owned by `owner`. */
  private trigger(owner: ElementInstanceRow, event: FlowElement, variables: Vars, local: boolean): void {
    const def = this.defOf(owner);
    // boundary event of an activity
    if (event.kind === 'boundaryEvent') {
      const scope = this.parentScope(owner)!;
      if (event.interrupting !== false) {
        this.terminate(owner);
      }
      const b = this.activateElement(scope, event.id, local ? {} : { pending: variables });
      if (local) for (const [n, v] of Object.entries(variables)) this.w.setVariable(b.key, n, v);
      return;
    }
    // start event of an event subprocess in the owner's scope
    const parent = event.parentId ? def.process.elements.get(event.parentId) : undefined;
    if (event.kind === 'startEvent' && parent?.kind === 'eventSubProcess') {
      const interrupting = event.interrupting !== false;
      if (interrupting) {
        for (const c of this.w.elements.of(owner.key)) this.terminate(c);
        this.clearJoins(owner);
        const eventSubStarts = new Set(
          (owner.data.role === 'process'
            ? def.process.eventSubProcesses
            : (this.element(owner)?.eventSubProcesses ?? [])
          ).map((id) => def.process.elements.get(id)!.startEventId!),
        );
        this.closeOwned(owner, (id) => eventSubStarts.has(id));
      }
      const sub = this.w.elements.put({
        key: this.ctx.nextKey(),
        processInstanceKey: owner.processInstanceKey,
        elementId: parent.id,
        flowScopeKey: owner.key,
        state: 'ACTIVATING',
        data: { role: 'element', pending: local ? undefined : variables },
      });
      if (local) {
        // error variables: local to the start event instance
        this.queue.push(() => {
          if (!this.w.elements.has(sub.key)) return;
          sub.state = 'ACTIVATED';
          this.log(sub, 'ELEMENT_ACTIVATED');
          const start = this.activateElement(sub, parent.startEventId!);
          for (const [n, v] of Object.entries(variables)) this.w.setVariable(start.key, n, v);
        });
      } else {
        this.queue.push(() => this.doActivate(sub));
      }
      return;
    }
    // event-based gateway: the first event wins
    const ownerEl = this.element(owner);
    if (ownerEl?.kind === 'eventBasedGateway') {
      this.closeOwned(owner);
      owner.data.triggeredEvent = event.id;
      owner.data.triggerVars = variables;
      this.w.elements.touch(owner);
      this.completeElement(owner);
      return;
    }
    // intermediate catch event or receive task
    this.closeOwned(owner);
    owner.data.pending = variables;
    this.w.elements.touch(owner);
    this.completeElement(owner);
  }

  /**
   * Looks for the catch event of an error from `from` upwards: boundary events of each activity on
   * the way, then error event subprocesses of each enclosing scope; across a call activity via a
   * follow-up in the parent instance.
   */
  private throwError(
    from: ElementInstanceRow,
    code: string,
    message: string,
    variables: Vars,
    origin: ErrorOrigin,
  ): void {
    const def = this.defOf(from);
    const boundaryCatch = (ei: ElementInstanceRow): FlowElement | undefined => {
      const el = this.element(ei);
      if (!el || ei.data.role === 'miInner') return undefined;
      const bs = el.boundaryEvents.map((id) => def.process.elements.get(id)!);
      return pickErrorCatch(
        bs.filter((e) => e.eventType === 'error'),
        code,
      );
    };
    const eventSubCatch = (scope: ElementInstanceRow): FlowElement | undefined => {
      const ids =
        scope.data.role === 'process'
          ? def.process.eventSubProcesses
          : (this.element(scope)?.eventSubProcesses ?? []);
      const starts = ids.map((id) => def.process.elements.get(def.process.elements.get(id)!.startEventId!)!);
      return pickErrorCatch(
        starts.filter((e) => e.eventType === 'error'),
        code,
      );
    };
    let cur = from;
    let b = boundaryCatch(cur);
    if (b) return this.trigger(cur, b, variables, true);
    for (;;) {
      const scope = this.parentScope(cur);
      if (!scope) break;
      const s = eventSubCatch(scope);
      if (s) return this.trigger(scope, s, variables, true);
      b = boundaryCatch(scope);
      if (b) return this.trigger(scope, b, variables, true);
      cur = scope;
    }
    const pi = this.w.instances.get(from.processInstanceKey)!;
    if (pi.parentProcessInstanceKey !== null && pi.parentElementInstanceKey !== null) {
      this.ctx.followUp({
        kind: 'errorToParent',
        parentPiKey: pi.parentProcessInstanceKey,
        parentEiKey: pi.parentElementInstanceKey,
        errorCode: code,
        errorMessage: message,
        variables,
        origin,
      });
      return;
    }
    this.ctx.followUp({ kind: 'unhandledError', origin, errorCode: code, errorMessage: message });
  }
}

/** An incident with a specific type raised from inside a guarded step. */
class IncidentError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

function pickErrorCatch(candidates: FlowElement[], code: string): FlowElement | undefined {
  const exact = candidates.find(
    (c) => c.errorCode && c.errorCode.kind === 'static' && c.errorCode.value === code,
  );
  return exact ?? candidates.find((c) => !c.errorCode);
}

function toList(v: unknown): string[] {
  if (v === null || v === undefined || v === '') return [];
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  return (v as string)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const TYPE_NAMES: Record<string, string> = {
  'bpmn:StartEvent': 'START_EVENT',
  'bpmn:EndEvent': 'END_EVENT',
  'bpmn:IntermediateCatchEvent': 'INTERMEDIATE_CATCH_EVENT',
  'bpmn:IntermediateThrowEvent': 'INTERMEDIATE_THROW_EVENT',
  'bpmn:BoundaryEvent': 'BOUNDARY_EVENT',
  'bpmn:ServiceTask': 'SERVICE_TASK',
  'bpmn:SendTask': 'SEND_TASK',
  'bpmn:ScriptTask': 'SCRIPT_TASK',
  'bpmn:BusinessRuleTask': 'BUSINESS_RULE_TASK',
  'bpmn:UserTask': 'USER_TASK',
  'bpmn:ReceiveTask': 'RECEIVE_TASK',
  'bpmn:ManualTask': 'MANUAL_TASK',
  'bpmn:Task': 'TASK',
  'bpmn:ExclusiveGateway': 'EXCLUSIVE_GATEWAY',
  'bpmn:ParallelGateway': 'PARALLEL_GATEWAY',
  'bpmn:InclusiveGateway': 'INCLUSIVE_GATEWAY',
  'bpmn:EventBasedGateway': 'EVENT_BASED_GATEWAY',
  'bpmn:SubProcess': 'SUB_PROCESS',
  'bpmn:CallActivity': 'CALL_ACTIVITY',
};

function elementType(el: FlowElement | undefined): string {
  if (!el) return 'UNSPECIFIED';
  if (el.kind === 'eventSubProcess') return 'EVENT_SUB_PROCESS';
  return TYPE_NAMES[el.bpmnType] ?? 'UNSPECIFIED';
}

const reachCache = new WeakMap<ExecutableProcess, Map<string, Set<string>>>();

/** Sequence flows a token at `elementId` can still reach (through boundary events too). */
function reachableFlows(def: LoadedDefinition, elementId: string): Set<string> {
  let m = reachCache.get(def.process);
  if (!m) reachCache.set(def.process, (m = new Map()));
  const cached = m.get(elementId);
  if (cached) return cached;
  const seen = new Set<string>();
  const flows = new Set<string>();
  const stack = [elementId];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const el = def.process.elements.get(id);
    if (!el) continue;
    for (const b of el.boundaryEvents) stack.push(b);
    for (const fId of el.outgoing) {
      flows.add(fId);
      stack.push(def.process.flows.get(fId)!.targetRef);
    }
  }
  m.set(elementId, flows);
  return flows;
}
