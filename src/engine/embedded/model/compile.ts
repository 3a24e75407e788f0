/**
 * Deploy-time compilation: BPMN (Zeebe dialect) → ExecutableProcess, .form → form schema.
 * Everything the runtime needs is validated here; a model that cannot run is refused with a ModelError
 * naming the element id and type (mirroring Zeebe's deploy-time validation where practical).
 */
import {
  ModelError,
  type CallActivityDefinition,
  type CompiledResource,
  type ElementKind,
  type ExecutableProcess,
  type ExecutionListener,
  type Expression,
  type FlowElement,
  type JobDefinition,
  type Mapping,
  type MessageDefinition,
  type MultiInstanceDefinition,
  type SequenceFlow,
  type TimerDefinition,
  type UserTaskDefinition,
} from './model.types';
import { feelSyntaxError } from '../feel/feel';
import { validateTimerText } from '../timer/timer';

// ---------------------------------------------------------------------------------------------------
// moddle access (bpmn-moddle is ESM; loaded through require, typed here with what we read)

interface El {
  $type: string;
  $parent?: El;
  id?: string;
  name?: string;
  isExecutable?: boolean;
  flowElements?: El[];
  rootElements?: El[];
  eventDefinitions?: El[];
  extensionElements?: { values?: El[] };
  sourceRef?: El;
  targetRef?: El;
  default?: El;
  conditionExpression?: El;
  body?: string;
  attachedToRef?: El;
  cancelActivity?: boolean;
  triggeredByEvent?: boolean;
  isInterrupting?: boolean;
  loopCharacteristics?: El;
  isSequential?: boolean;
  completionCondition?: El;
  messageRef?: El;
  errorRef?: El;
  signalRef?: El;
  errorCode?: string;
  timeDuration?: El;
  timeDate?: El;
  timeCycle?: El;
  // zeebe extension elements
  type?: string;
  retries?: string;
  values?: El[];
  key?: string;
  value?: string;
  inputParameters?: El[];
  outputParameters?: El[];
  source?: string;
  target?: string;
  correlationKey?: string;
  inputCollection?: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  processId?: string;
  propagateAllChildVariables?: boolean;
  propagateAllParentVariables?: boolean;
  assignee?: string;
  candidateGroups?: string;
  candidateUsers?: string;
  dueDate?: string;
  followUpDate?: string;
  formKey?: string;
  formId?: string;
  externalReference?: string;
  expression?: string;
  resultVariable?: string;
  listeners?: El[];
  eventType?: string;
}

interface ModdleWarning {
  message: string;
  element?: El;
}

interface BpmnModdleInstance {
  fromXML(xml: string, typeName?: string): Promise<{ rootElement: El; warnings: ModdleWarning[] }>;
}

type BpmnModdleCtor = new (packages: Record<string, unknown>) => BpmnModdleInstance;

let moddle: BpmnModdleInstance | undefined;
function getModdle(): BpmnModdleInstance {
  if (!moddle) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('bpmn-moddle') as { BpmnModdle?: BpmnModdleCtor; default?: BpmnModdleCtor };
    const Ctor = (mod.BpmnModdle ?? mod.default) as BpmnModdleCtor;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json') as Record<string, unknown>;
    moddle = new Ctor({ zeebe });
  }
  return moddle;
}

// ---------------------------------------------------------------------------------------------------
// entry point

export async function compileResource(name: string, content: Buffer): Promise<CompiledResource> {
  const lower = name.toLowerCase();
  if (lower.endsWith('.form')) return compileForm(name, content);
  if (lower.endsWith('.bpmn') || lower.endsWith('.xml')) return compileBpmn(name, content);
  throw new ModelError(`Resource '${name}': unsupported resource type (expected .bpmn, .xml or .form)`);
}

function compileForm(name: string, content: Buffer): CompiledResource {
  let schema: unknown;
  try {
    schema = JSON.parse(content.toString('utf8'));
  } catch (err) {
    throw new ModelError(`Form '${name}': invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new ModelError(`Form '${name}': the form must be a JSON object`);
  }
  const s = schema as { id?: unknown; components?: unknown };
  if (typeof s.id !== 'string' || s.id.trim() === '') {
    throw new ModelError(`Form '${name}': must have a string 'id' (the form id)`);
  }
  if (!Array.isArray(s.components)) {
    throw new ModelError(`Form '${name}': must have a 'components' array`);
  }
  return { kind: 'form', formId: s.id, schema };
}

// DOCTYPE / ENTITY, also in forms parsers tolerate; UTF-16 text read as UTF-8 has NULs between the
// characters, dropped before the search. The same rule as the platform's src/common/xml-safety.ts
// (this folder imports nothing from the rest of src/).
const XML_DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;
const NUL = String.fromCharCode(0);

/**
 * Zeebe parses models with DTDs disallowed (no external entities, no entity expansion bombs); so does
 * this engine, before the parser sees the file.
 */
function refuseXmlDeclarations(name: string, xml: string): void {
  const text = xml.includes(NUL) ? xml.split(NUL).join('') : xml;
  const m = XML_DECLARATION.exec(text);
  if (!m) return;
  const line = text.slice(0, m.index).split('\n').length;
  throw new ModelError(
    `'${name}': ${m[1].toUpperCase()} is disallowed when the feature "http://apache.org/xml/features/disallow-doctype-decl" set to true (line ${line}: document type and entity declarations are refused)`,
  );
}

async function compileBpmn(name: string, content: Buffer): Promise<CompiledResource> {
  const xml = content.toString('utf8');
  refuseXmlDeclarations(name, xml);
  let parsed: { rootElement: El; warnings: ModdleWarning[] };
  try {
    parsed = await getModdle().fromXML(xml, 'bpmn:Definitions');
  } catch (err) {
    throw new ModelError(
      `'${name}': failed to parse BPMN XML: ${oneLine(err instanceof Error ? err.message : String(err))}`,
    );
  }
  const fatal = parsed.warnings.filter(isFatalWarning).map((w) => oneLine(w.message));
  if (fatal.length > 0) throw new ModelError(`'${name}': invalid BPMN XML: ${fatal.join('; ')}`);

  const processes = (parsed.rootElement.rootElements ?? []).filter((e) => e.$type === 'bpmn:Process');
  const executable = processes.filter((p) => p.isExecutable === true);
  if (executable.length === 0) {
    throw new ModelError(
      `'${name}': must contain at least one executable process (bpmn:Process with isExecutable="true")`,
    );
  }
  const errors: string[] = [];
  const result: ExecutableProcess[] = [];
  for (const p of executable) {
    const c = new ProcessCompiler(p);
    const compiled = c.compile();
    if (c.errors.length > 0) errors.push(...c.errors);
    else result.push(compiled);
  }
  if (errors.length > 0) throw new ModelError(`'${name}': ${errors.join('\n')}`);
  return { kind: 'bpmn', processes: result };
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ');
}

function isFatalWarning(w: ModdleWarning): boolean {
  const m = w.message;
  if (/unresolved reference/.test(m)) {
    const t = w.element?.$type ?? '';
    return !/^(bpmndi|di|dc):/.test(t);
  }
  if (/duplicate ID/.test(m)) return true;
  if (/unknown type <bpmn:/.test(m)) return true;
  if (/unparsable content/.test(m) && !/unrecognized element/.test(m)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------
// helpers

function expr(value: string | undefined): Expression | undefined {
  if (value === undefined || value === null) return undefined;
  const v = String(value);
  if (v.startsWith('=')) return { kind: 'feel', source: v.slice(1).trim() };
  return { kind: 'static', value: v };
}

function ext(el: El, type: string): El | undefined {
  return (el.extensionElements?.values ?? []).find((v) => v.$type === type);
}

function extAll(el: El, type: string): El[] {
  return (el.extensionElements?.values ?? []).filter((v) => v.$type === type);
}

const ACTIVITY_TYPES = new Set([
  'bpmn:Task',
  'bpmn:ManualTask',
  'bpmn:ServiceTask',
  'bpmn:SendTask',
  'bpmn:BusinessRuleTask',
  'bpmn:ScriptTask',
  'bpmn:UserTask',
  'bpmn:ReceiveTask',
  'bpmn:SubProcess',
  'bpmn:CallActivity',
]);

const IGNORED_TYPES = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

class ProcessCompiler {
  readonly errors: string[] = [];
  private readonly elements = new Map<string, FlowElement>();
  private readonly flows = new Map<string, SequenceFlow>();
  private readonly flowOrder: SequenceFlow[] = [];
  private readonly moddleById = new Map<string, El>();

  constructor(private readonly proc: El) {}

  private fail(el: El, message: string): void {
    this.errors.push(`Element '${el.id ?? '?'}' (${el.$type}): ${message}`);
  }

  compile(): ExecutableProcess {
    const p = this.proc;
    const top = this.walk(p.flowElements ?? [], null);
    for (const e of this.elements.values()) {
      if (e.kind === 'boundaryEvent' && e.attachedTo)
        this.elements.get(e.attachedTo)?.boundaryEvents.push(e.id);
    }
    this.linkFlows();
    this.checkFlows();

    const process: ExecutableProcess = {
      bpmnProcessId: p.id ?? '',
      name: p.name,
      elements: this.elements,
      flows: this.flows,
      messageStartEventIds: [],
      timerStartEventIds: [],
      signalStartEventIds: [],
      eventSubProcesses: [],
      children: top,
      executionListeners: [],
    };
    const noneStarts: string[] = [];
    for (const id of top) {
      const e = this.elements.get(id);
      if (!e) continue;
      if (e.kind === 'eventSubProcess') process.eventSubProcesses.push(id);
      if (e.kind !== 'startEvent') continue;
      if (e.eventType === 'none') noneStarts.push(id);
      else if (e.eventType === 'message') process.messageStartEventIds.push(id);
      else if (e.eventType === 'timer') process.timerStartEventIds.push(id);
      else if (e.eventType === 'signal') process.signalStartEventIds.push(id);
      else
        this.fail(
          this.moddleById.get(id) as El,
          `a process-level start event must be a none, message, timer or signal start event`,
        );
    }
    // execution listeners on the process itself: start before the start event, end before completing
    process.executionListeners = this.listeners(p, null);
    if (noneStarts.length > 1) {
      this.errors.push(
        `Process '${p.id}' (bpmn:Process): must not have more than one none start event (found ${noneStarts.join(', ')})`,
      );
    }
    process.noneStartEventId = noneStarts[0];
    if (
      noneStarts.length === 0 &&
      process.messageStartEventIds.length === 0 &&
      process.timerStartEventIds.length === 0 &&
      process.signalStartEventIds.length === 0
    ) {
      this.errors.push(
        `Process '${p.id}' (bpmn:Process): must have at least one none, message, timer or signal start event`,
      );
    }
    const messageNames = new Set<string>();
    for (const id of process.messageStartEventIds) {
      const n = this.elements.get(id)?.message?.name;
      if (n?.kind === 'static') {
        if (messageNames.has(n.value)) {
          this.fail(
            this.moddleById.get(id) as El,
            `multiple message start events with the same message name '${n.value}'`,
          );
        }
        messageNames.add(n.value);
      }
    }
    return process;
  }

  // ---- structure ---------------------------------------------------------------------------------

  private walk(flowElements: El[], parentId: string | null): string[] {
    const ids: string[] = [];
    for (const el of flowElements) {
      if (IGNORED_TYPES.has(el.$type)) continue;
      if (el.$type === 'bpmn:SequenceFlow') {
        this.addFlow(el);
        continue;
      }
      if (!el.id) continue;
      this.moddleById.set(el.id, el);
      const fe = this.element(el, parentId);
      if (fe) {
        this.elements.set(fe.id, fe);
        ids.push(fe.id);
      }
    }
    return ids;
  }

  private addFlow(el: El): void {
    const id = el.id ?? '';
    if (!el.sourceRef?.id || !el.targetRef?.id) {
      this.fail(el, 'must have a sourceRef and a targetRef');
      return;
    }
    const flow: SequenceFlow = { id, sourceRef: el.sourceRef.id, targetRef: el.targetRef.id };
    if (el.conditionExpression) {
      const body = (el.conditionExpression.body ?? '').trim();
      if (body !== '') {
        const c = this.requireFeel(el, body, 'condition expression');
        if (c) flow.condition = c;
      }
    }
    this.flows.set(id, flow);
    this.flowOrder.push(flow);
    this.moddleById.set(id, el);
  }

  private linkFlows(): void {
    for (const f of this.flowOrder) {
      const src = this.elements.get(f.sourceRef);
      const tgt = this.elements.get(f.targetRef);
      const el = this.moddleById.get(f.id) as El;
      if (!src || !tgt) {
        this.fail(
          el,
          `connects an element that is not a supported flow node ('${!src ? f.sourceRef : f.targetRef}')`,
        );
        continue;
      }
      if (src.parentId !== tgt.parentId) {
        this.fail(el, `source '${src.id}' and target '${tgt.id}' must be in the same (sub)process`);
        continue;
      }
      src.outgoing.push(f.id);
      tgt.incoming.push(f.id);
    }
  }

  private checkFlows(): void {
    for (const e of this.elements.values()) {
      const el = this.moddleById.get(e.id) as El;
      if (e.kind === 'exclusiveGateway' || e.kind === 'inclusiveGateway') {
        if (e.defaultFlow && !e.outgoing.includes(e.defaultFlow)) {
          this.fail(
            el,
            `the default flow '${e.defaultFlow}' must be an outgoing sequence flow of the gateway`,
          );
        }
        if (e.outgoing.length > 1 || e.kind === 'inclusiveGateway') {
          for (const fid of e.outgoing) {
            const f = this.flows.get(fid);
            if (f && !f.condition && fid !== e.defaultFlow && e.outgoing.length > 1) {
              this.fail(
                el,
                `outgoing sequence flow '${fid}' must have a condition expression, unless it is the default flow`,
              );
            }
            if (f && f.condition && fid === e.defaultFlow) {
              this.fail(
                this.moddleById.get(fid) as El,
                `the default flow of gateway '${e.id}' must not have a condition`,
              );
            }
          }
        }
      } else {
        for (const fid of e.outgoing) {
          const f = this.flows.get(fid);
          if (f?.condition) {
            this.fail(
              this.moddleById.get(fid) as El,
              `conditional sequence flows are only supported as outgoing flows of exclusive and inclusive gateways (source '${e.id}' is ${el.$type})`,
            );
          }
        }
      }
      if (e.kind === 'eventBasedGateway') {
        if (e.outgoing.length < 2)
          this.fail(el, 'an event-based gateway must have at least two outgoing sequence flows');
        const targets: string[] = [];
        for (const fid of e.outgoing) {
          const t = this.elements.get(this.flows.get(fid)?.targetRef ?? '');
          if (!t) continue;
          const ok =
            (t.kind === 'intermediateCatchEvent' &&
              (t.eventType === 'message' || t.eventType === 'timer' || t.eventType === 'signal')) ||
            t.kind === 'receiveTask';
          if (!ok) {
            this.fail(
              el,
              `the target '${t.id}' (${t.bpmnType}) of an event-based gateway must be a message, timer or signal intermediate catch event or a receive task`,
            );
          } else if (t.incoming.length > 1) {
            this.fail(
              this.moddleById.get(t.id) as El,
              `an event following an event-based gateway must have exactly one incoming sequence flow`,
            );
          } else targets.push(t.id);
        }
        e.eventTargets = targets;
      }
      if (e.kind === 'boundaryEvent') {
        if (e.incoming.length > 0) this.fail(el, 'a boundary event must not have incoming sequence flows');
        if (e.outgoing.length === 0)
          this.fail(el, 'a boundary event must have at least one outgoing sequence flow');
      }
      if (e.kind === 'startEvent' && e.incoming.length > 0)
        this.fail(el, 'a start event must not have incoming sequence flows');
      if (e.kind === 'endEvent' && e.outgoing.length > 0)
        this.fail(el, 'an end event must not have outgoing sequence flows');
      if (e.kind === 'eventSubProcess' && (e.incoming.length > 0 || e.outgoing.length > 0)) {
        this.fail(el, 'an event subprocess must not have incoming or outgoing sequence flows');
      }
    }
  }

  // ---- elements ----------------------------------------------------------------------------------

  private base(el: El, kind: ElementKind, parentId: string | null): FlowElement {
    return {
      id: el.id as string,
      name: el.name,
      kind,
      bpmnType: el.$type,
      parentId,
      incoming: [],
      outgoing: [],
      boundaryEvents: [],
      inputs: [],
      outputs: [],
      executionListeners: [],
    };
  }

  private element(el: El, parentId: string | null): FlowElement | undefined {
    let fe: FlowElement | undefined;
    switch (el.$type) {
      case 'bpmn:StartEvent':
        fe = this.startEvent(el, parentId);
        break;
      case 'bpmn:EndEvent':
        fe = this.endEvent(el, parentId);
        break;
      case 'bpmn:IntermediateCatchEvent':
        fe = this.catchEvent(el, parentId);
        break;
      case 'bpmn:IntermediateThrowEvent':
        fe = this.throwEvent(el, parentId);
        break;
      case 'bpmn:BoundaryEvent':
        fe = this.boundaryEvent(el, parentId);
        break;
      case 'bpmn:Task':
      case 'bpmn:ManualTask':
        fe = this.base(el, 'task', parentId);
        break;
      case 'bpmn:ServiceTask':
      case 'bpmn:SendTask':
        fe = this.jobTask(el, parentId);
        break;
      case 'bpmn:BusinessRuleTask':
        if (ext(el, 'zeebe:CalledDecision')) {
          this.fail(
            el,
            'zeebe:calledDecision (DMN) is not supported by the embedded engine; use a zeebe:taskDefinition',
          );
          return undefined;
        }
        fe = this.jobTask(el, parentId);
        break;
      case 'bpmn:ScriptTask':
        fe = this.scriptTask(el, parentId);
        break;
      case 'bpmn:UserTask':
        fe = this.userTask(el, parentId);
        break;
      case 'bpmn:ReceiveTask':
        fe = this.base(el, 'receiveTask', parentId);
        fe.message = this.message(el, el.messageRef, true);
        break;
      case 'bpmn:ExclusiveGateway':
      case 'bpmn:InclusiveGateway':
        fe = this.base(
          el,
          el.$type === 'bpmn:ExclusiveGateway' ? 'exclusiveGateway' : 'inclusiveGateway',
          parentId,
        );
        if (el.default?.id) fe.defaultFlow = el.default.id;
        break;
      case 'bpmn:ParallelGateway':
        fe = this.base(el, 'parallelGateway', parentId);
        break;
      case 'bpmn:EventBasedGateway':
        fe = this.base(el, 'eventBasedGateway', parentId);
        break;
      case 'bpmn:SubProcess':
        fe = this.subProcess(el, parentId);
        break;
      case 'bpmn:CallActivity':
        fe = this.callActivity(el, parentId);
        break;
      default:
        this.fail(el, 'element type is not supported');
        return undefined;
    }
    if (!fe) return undefined;
    this.commonExtensions(el, fe);
    return fe;
  }

  private eventDefinition(el: El): El | undefined | null {
    const defs = el.eventDefinitions ?? [];
    if (defs.length > 1) {
      this.fail(el, 'must not have more than one event definition');
      return null;
    }
    return defs[0];
  }

  private unsupportedDefinition(el: El, def: El): undefined {
    this.fail(el, `event definition ${def.$type} is not supported`);
    return undefined;
  }

  private startEvent(el: El, parentId: string | null): FlowElement | undefined {
    const def = this.eventDefinition(el);
    if (def === null) return undefined;
    const fe = this.base(el, 'startEvent', parentId);
    const inEventSub = el.$parent?.$type === 'bpmn:SubProcess' && el.$parent.triggeredByEvent === true;
    if (!def) fe.eventType = 'none';
    else if (def.$type === 'bpmn:MessageEventDefinition') {
      fe.eventType = 'message';
      fe.message = this.message(el, def.messageRef, inEventSub);
    } else if (def.$type === 'bpmn:TimerEventDefinition') {
      fe.eventType = 'timer';
      fe.timer = this.timer(el, def);
    } else if (def.$type === 'bpmn:SignalEventDefinition') {
      fe.eventType = 'signal';
      fe.signalName = this.signal(el, def);
    } else if (def.$type === 'bpmn:ErrorEventDefinition' && inEventSub) {
      fe.eventType = 'error';
      fe.errorCode = this.errorCatch(el, def);
    } else return this.unsupportedDefinition(el, def);
    if (inEventSub) fe.interrupting = el.isInterrupting !== false;
    return fe;
  }

  private endEvent(el: El, parentId: string | null): FlowElement | undefined {
    const def = this.eventDefinition(el);
    if (def === null) return undefined;
    if (!def) return { ...this.base(el, 'endEvent', parentId), eventType: 'none' };
    switch (def.$type) {
      case 'bpmn:ErrorEventDefinition': {
        const fe = this.base(el, 'endEvent', parentId);
        fe.eventType = 'error';
        const code = def.errorRef?.errorCode;
        if (!def.errorRef) this.fail(el, 'an error end event must reference a bpmn:Error');
        else if (!code || code.trim() === '' || code.trim() === '=') {
          this.fail(el, `the referenced error '${def.errorRef.id ?? ''}' must have an errorCode`);
        } else {
          fe.errorCode = expr(code);
          this.checkExpr(el, fe.errorCode, 'error code');
        }
        return fe;
      }
      case 'bpmn:TerminateEventDefinition':
        return { ...this.base(el, 'endEvent', parentId), eventType: 'terminate' };
      case 'bpmn:MessageEventDefinition': {
        const fe = this.base(el, 'jobTask', parentId);
        fe.eventType = 'message';
        fe.job = this.job(el, 'a message end event');
        return fe;
      }
      case 'bpmn:SignalEventDefinition': {
        const fe = this.base(el, 'endEvent', parentId);
        fe.eventType = 'signal';
        fe.signalName = this.signal(el, def);
        return fe;
      }
      default:
        return this.unsupportedDefinition(el, def);
    }
  }

  private catchEvent(el: El, parentId: string | null): FlowElement | undefined {
    const def = this.eventDefinition(el);
    if (def === null) return undefined;
    if (!def) {
      this.fail(el, 'an intermediate catch event must have a message, timer or signal event definition');
      return undefined;
    }
    const fe = this.base(el, 'intermediateCatchEvent', parentId);
    if (def.$type === 'bpmn:MessageEventDefinition') {
      fe.eventType = 'message';
      fe.message = this.message(el, def.messageRef, true);
    } else if (def.$type === 'bpmn:TimerEventDefinition') {
      fe.eventType = 'timer';
      fe.timer = this.timer(el, def);
    } else if (def.$type === 'bpmn:SignalEventDefinition') {
      fe.eventType = 'signal';
      fe.signalName = this.signal(el, def);
    } else return this.unsupportedDefinition(el, def);
    return fe;
  }

  private throwEvent(el: El, parentId: string | null): FlowElement | undefined {
    const def = this.eventDefinition(el);
    if (def === null) return undefined;
    if (!def) return { ...this.base(el, 'intermediateThrowEvent', parentId), eventType: 'none' };
    if (def.$type === 'bpmn:MessageEventDefinition') {
      const fe = this.base(el, 'jobTask', parentId);
      fe.eventType = 'message';
      fe.job = this.job(el, 'a message throw event');
      return fe;
    }
    if (def.$type === 'bpmn:SignalEventDefinition') {
      const fe = this.base(el, 'intermediateThrowEvent', parentId);
      fe.eventType = 'signal';
      fe.signalName = this.signal(el, def);
      return fe;
    }
    return this.unsupportedDefinition(el, def);
  }

  private boundaryEvent(el: El, parentId: string | null): FlowElement | undefined {
    const def = this.eventDefinition(el);
    if (def === null) return undefined;
    const host = el.attachedToRef;
    if (!host?.id) {
      this.fail(el, 'a boundary event must be attached to an activity (attachedToRef)');
      return undefined;
    }
    if (!ACTIVITY_TYPES.has(host.$type) || (host.$type === 'bpmn:SubProcess' && host.triggeredByEvent)) {
      this.fail(el, `a boundary event must be attached to an activity, but '${host.id}' is ${host.$type}`);
      return undefined;
    }
    if (!def) {
      this.fail(el, 'a boundary event must have a timer, message, error or signal event definition');
      return undefined;
    }
    const fe = this.base(el, 'boundaryEvent', parentId);
    fe.attachedTo = host.id;
    fe.interrupting = el.cancelActivity !== false;
    if (def.$type === 'bpmn:TimerEventDefinition') {
      fe.eventType = 'timer';
      fe.timer = this.timer(el, def);
    } else if (def.$type === 'bpmn:MessageEventDefinition') {
      fe.eventType = 'message';
      fe.message = this.message(el, def.messageRef, true);
    } else if (def.$type === 'bpmn:ErrorEventDefinition') {
      fe.eventType = 'error';
      fe.errorCode = this.errorCatch(el, def);
      if (!fe.interrupting)
        this.fail(el, 'an error boundary event must be interrupting (cancelActivity="true")');
    } else if (def.$type === 'bpmn:SignalEventDefinition') {
      fe.eventType = 'signal';
      fe.signalName = this.signal(el, def);
    } else return this.unsupportedDefinition(el, def);
    return fe;
  }

  private jobTask(el: El, parentId: string | null): FlowElement {
    const fe = this.base(el, 'jobTask', parentId);
    fe.job = this.job(el, undefined);
    return fe;
  }

  private scriptTask(el: El, parentId: string | null): FlowElement | undefined {
    const script = ext(el, 'zeebe:Script');
    if (script) {
      const fe = this.base(el, 'scriptTask', parentId);
      const e = this.requireFeel(el, script.expression, 'zeebe:script expression');
      if (!script.resultVariable || script.resultVariable.trim() === '') {
        this.fail(el, 'zeebe:script must have a resultVariable');
      }
      if (e) fe.script = { expression: e, resultVariable: (script.resultVariable ?? '').trim() };
      return fe;
    }
    if (ext(el, 'zeebe:TaskDefinition')) return this.jobTask(el, parentId);
    this.fail(el, 'must have either a zeebe:script or a zeebe:taskDefinition with a job type');
    return undefined;
  }

  private userTask(el: El, parentId: string | null): FlowElement {
    const fe = this.base(el, 'userTask', parentId);
    const ut: UserTaskDefinition = {};
    const assignment = ext(el, 'zeebe:AssignmentDefinition');
    if (assignment) {
      ut.assignee = this.optExpr(el, assignment.assignee, 'assignee');
      ut.candidateGroups = this.optExpr(el, assignment.candidateGroups, 'candidateGroups');
      ut.candidateUsers = this.optExpr(el, assignment.candidateUsers, 'candidateUsers');
    }
    const schedule = ext(el, 'zeebe:TaskSchedule');
    if (schedule) {
      ut.dueDate = this.optExpr(el, schedule.dueDate, 'dueDate');
      ut.followUpDate = this.optExpr(el, schedule.followUpDate, 'followUpDate');
    }
    const forms = extAll(el, 'zeebe:FormDefinition');
    if (forms.length > 1) this.fail(el, 'must not have more than one zeebe:formDefinition');
    const form = forms[0];
    if (form) {
      const set = [form.formId, form.formKey, form.externalReference].filter(
        (v) => v !== undefined && v !== '',
      );
      if (set.length !== 1) {
        this.fail(el, 'zeebe:formDefinition must have exactly one of formId, formKey or externalReference');
      }
      if (form.formId) ut.formId = form.formId;
      if (form.formKey) ut.formKey = form.formKey;
      if (form.externalReference) ut.externalReference = form.externalReference;
    }
    if (ext(el, 'zeebe:UserTask')) ut.camundaUserTask = true;
    for (const k of Object.keys(ut) as (keyof UserTaskDefinition)[]) if (ut[k] === undefined) delete ut[k];
    fe.userTask = ut;
    fe.job = {
      type: { kind: 'static', value: 'io.camunda.zeebe:userTask' },
      retries: { kind: 'static', value: '1' },
      headers: this.headers(el),
    };
    return fe;
  }

  private subProcess(el: El, parentId: string | null): FlowElement | undefined {
    const inner = el.flowElements ?? [];
    const starts = inner.filter((c) => c.$type === 'bpmn:StartEvent');
    if (el.triggeredByEvent) {
      const fe = this.base(el, 'eventSubProcess', parentId);
      if (starts.length !== 1) {
        this.fail(el, `an event subprocess must have exactly one start event (found ${starts.length})`);
      } else {
        const defs = starts[0].eventDefinitions ?? [];
        const t = defs[0]?.$type;
        if (
          defs.length !== 1 ||
          ![
            'bpmn:MessageEventDefinition',
            'bpmn:TimerEventDefinition',
            'bpmn:ErrorEventDefinition',
            'bpmn:SignalEventDefinition',
          ].includes(t ?? '')
        ) {
          this.fail(
            starts[0],
            'the start event of an event subprocess must be a message, timer, error or signal start event',
          );
        } else if (t === 'bpmn:ErrorEventDefinition' && starts[0].isInterrupting === false) {
          this.fail(starts[0], 'an error start event of an event subprocess must be interrupting');
        }
      }
      fe.children = this.walk(inner, fe.id);
      fe.startEventId = starts[0]?.id;
      fe.interrupting = starts[0] ? starts[0].isInterrupting !== false : true;
      fe.eventSubProcesses = fe.children.filter((id) => this.elements.get(id)?.kind === 'eventSubProcess');
      if (fe.eventSubProcesses.length > 0)
        this.fail(el, 'an event subprocess must not contain event subprocesses');
      return fe;
    }
    if (el.$type !== 'bpmn:SubProcess') return undefined;
    const fe = this.base(el, 'subProcess', parentId);
    if (starts.length !== 1) {
      this.fail(
        el,
        `an embedded subprocess must have exactly one none start event (found ${starts.length} start events)`,
      );
    } else if ((starts[0].eventDefinitions ?? []).length > 0) {
      this.fail(starts[0], 'the start event of an embedded subprocess must be a none start event');
    }
    fe.children = this.walk(inner, fe.id);
    fe.startEventId = starts[0]?.id;
    fe.eventSubProcesses = fe.children.filter((id) => this.elements.get(id)?.kind === 'eventSubProcess');
    return fe;
  }

  private callActivity(el: El, parentId: string | null): FlowElement | undefined {
    const fe = this.base(el, 'callActivity', parentId);
    const called = ext(el, 'zeebe:CalledElement');
    if (!called || !called.processId || called.processId.trim() === '' || called.processId.trim() === '=') {
      this.fail(el, 'must have a zeebe:calledElement with a processId');
      return fe;
    }
    const processId = expr(called.processId) as Expression;
    this.checkExpr(el, processId, 'processId');
    const def: CallActivityDefinition = {
      processId,
      propagateAllChildVariables: called.propagateAllChildVariables !== false,
      propagateAllParentVariables: called.propagateAllParentVariables !== false,
    };
    fe.calledElement = def;
    return fe;
  }

  // ---- extension parts ---------------------------------------------------------------------------

  private commonExtensions(el: El, fe: FlowElement): void {
    if (fe.kind === 'boundaryEvent' && fe.attachedTo) {
      const hostEl = el.attachedToRef as El;
      const hostParent = hostEl.$parent;
      const ownParent = el.$parent;
      if (hostParent && ownParent && hostParent !== ownParent) {
        this.fail(el, `must be in the same (sub)process as the activity '${hostEl.id}' it is attached to`);
      }
    }

    const io = ext(el, 'zeebe:IoMapping');
    if (io) {
      fe.inputs = this.mappings(el, io.inputParameters ?? [], 'input');
      fe.outputs = this.mappings(el, io.outputParameters ?? [], 'output');
    }
    if (el.loopCharacteristics) fe.multiInstance = this.multiInstance(el);
    fe.executionListeners = this.listeners(el, fe);
  }

  private job(el: El, what: string | undefined): JobDefinition | undefined {
    const td = ext(el, 'zeebe:TaskDefinition');
    if (!td || !td.type || td.type.trim() === '' || td.type.trim() === '=') {
      this.fail(el, `${what ? what + ' ' : ''}must have a zeebe:taskDefinition with a job type`);
      return undefined;
    }
    const type = expr(td.type) as Expression;
    this.checkExpr(el, type, 'job type');
    let retries: Expression = { kind: 'static', value: '3' };
    if (td.retries !== undefined && td.retries.trim() !== '') {
      retries = expr(td.retries) as Expression;
      if (retries.kind === 'static' && !/^\s*-?\d+\s*$/.test(retries.value)) {
        this.fail(el, `job retries '${retries.value}' must be a number or an expression`);
      }
      this.checkExpr(el, retries, 'job retries');
    }
    return { type, retries, headers: this.headers(el) };
  }

  private headers(el: El): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const th of extAll(el, 'zeebe:TaskHeaders')) {
      for (const h of th.values ?? []) {
        if (!h.key) {
          this.fail(el, 'a zeebe:header must have a key');
          continue;
        }
        headers[h.key] = h.value ?? '';
      }
    }
    return headers;
  }

  private mappings(el: El, params: El[], kind: 'input' | 'output'): Mapping[] {
    const out: Mapping[] = [];
    for (const p of params) {
      const target = (p.target ?? '').trim();
      if (target === '' || !/^[^.\s]+(\.[^.\s]+)*$/.test(target)) {
        this.fail(el, `zeebe:${kind} must have a valid target (found '${p.target ?? ''}')`);
        continue;
      }
      let source: Expression | undefined;
      if (p.source === undefined || p.source.trim() === '') {
        // Zeebe: an empty source means null
        source = { kind: 'feel', source: 'null' };
      } else if (kind === 'input') {
        source = expr(p.source);
        if (source) this.checkExpr(el, source, `zeebe:input '${target}'`);
      } else {
        source = this.requireFeel(el, p.source, `zeebe:output '${target}' source`);
      }
      if (source) out.push({ source, target });
    }
    return out;
  }

  private multiInstance(el: El): MultiInstanceDefinition | undefined {
    const lc = el.loopCharacteristics as El;
    if (lc.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
      this.fail(el, `loop characteristics ${lc.$type} are not supported (use multi-instance)`);
      return undefined;
    }
    if (!ACTIVITY_TYPES.has(el.$type)) {
      this.fail(el, 'only activities can be multi-instance');
      return undefined;
    }
    const z = (lc.extensionElements?.values ?? []).find((v) => v.$type === 'zeebe:LoopCharacteristics');
    if (!z || !z.inputCollection) {
      this.fail(el, 'a multi-instance activity must have zeebe:loopCharacteristics with an inputCollection');
      return undefined;
    }
    const inputCollection = this.requireFeel(el, z.inputCollection, 'multi-instance inputCollection');
    if (!inputCollection) return undefined;
    const mi: MultiInstanceDefinition = { sequential: lc.isSequential === true, inputCollection };
    if (z.inputElement) mi.inputElement = z.inputElement.trim();
    if (z.outputCollection || z.outputElement) {
      if (!z.outputCollection || !z.outputElement) {
        this.fail(
          el,
          'zeebe:loopCharacteristics must define both outputCollection and outputElement, or neither',
        );
      } else {
        mi.outputCollection = z.outputCollection.trim();
        mi.outputElement = this.requireFeel(el, z.outputElement, 'multi-instance outputElement');
      }
    }
    const cc = lc.completionCondition?.body?.trim();
    if (cc) mi.completionCondition = this.requireFeel(el, cc, 'multi-instance completionCondition');
    return mi;
  }

  /** zeebe:executionListeners of a flow element, or of the process itself (`fe` null). */
  private listeners(el: El, fe: FlowElement | null): ExecutionListener[] {
    const out: ExecutionListener[] = [];
    for (const group of extAll(el, 'zeebe:ExecutionListeners')) {
      for (const l of group.listeners ?? []) {
        const eventType = l.eventType;
        if (eventType !== 'start' && eventType !== 'end') {
          this.fail(el, `execution listener eventType must be 'start' or 'end' (found '${eventType ?? ''}')`);
          continue;
        }
        if (!l.type || l.type.trim() === '') {
          this.fail(el, 'an execution listener must have a job type');
          continue;
        }
        if (eventType === 'start' && fe && (fe.kind === 'startEvent' || fe.kind === 'boundaryEvent')) {
          this.fail(
            el,
            `execution listeners of type 'start' are not supported by ${fe.kind === 'startEvent' ? 'start' : 'boundary'} events`,
          );
          continue;
        }
        if (
          eventType === 'end' &&
          fe &&
          (fe.kind.endsWith('Gateway') || (fe.kind === 'endEvent' && fe.eventType === 'error'))
        ) {
          this.fail(
            el,
            `execution listeners of type 'end' are not supported by ${fe.kind === 'endEvent' ? 'error end events' : 'gateways'}`,
          );
          continue;
        }
        const type = expr(l.type) as Expression;
        this.checkExpr(el, type, 'execution listener type');
        const retries =
          l.retries && l.retries.trim() !== ''
            ? (expr(l.retries) as Expression)
            : { kind: 'static' as const, value: '3' };
        this.checkExpr(el, retries, 'execution listener retries');
        out.push({ eventType, type, retries });
      }
    }
    return out;
  }

  private message(el: El, ref: El | undefined, needsCorrelationKey: boolean): MessageDefinition | undefined {
    if (!ref) {
      this.fail(el, 'must reference a bpmn:Message (messageRef)');
      return undefined;
    }
    if (!ref.name || ref.name.trim() === '' || ref.name.trim() === '=') {
      this.fail(el, `the referenced message '${ref.id ?? ''}' must have a name`);
      return undefined;
    }
    const name = expr(ref.name) as Expression;
    this.checkExpr(el, name, 'message name');
    const def: MessageDefinition = { name };
    const sub = ext(ref, 'zeebe:Subscription');
    const key = sub?.correlationKey?.trim();
    if (needsCorrelationKey) {
      if (!key) {
        this.fail(
          el,
          `the referenced message '${ref.id ?? ''}' must have a zeebe:subscription with a correlationKey`,
        );
        return def;
      }
      def.correlationKey = this.requireFeel(el, key, 'correlationKey');
    }
    return def;
  }

  private timer(el: El, def: El): TimerDefinition | undefined {
    const candidates: [TimerDefinition['type'], El | undefined][] = [
      ['duration', def.timeDuration],
      ['date', def.timeDate],
      ['cycle', def.timeCycle],
    ];
    const given = candidates.filter(([, v]) => v !== undefined);
    if (given.length !== 1) {
      this.fail(el, 'a timer event definition must have exactly one of timeDuration, timeDate or timeCycle');
      return undefined;
    }
    const [type, node] = given[0];
    const body = (node?.body ?? '').trim();
    if (body === '' || body === '=') {
      this.fail(el, `the timer ${type} must not be empty`);
      return undefined;
    }
    const expression = expr(body) as Expression;
    if (expression.kind === 'static') {
      try {
        validateTimerText(type, expression.value);
      } catch (err) {
        this.fail(el, err instanceof Error ? err.message : String(err));
        return undefined;
      }
    } else this.checkExpr(el, expression, `timer ${type}`);
    if (el.$type === 'bpmn:BoundaryEvent' || el.$type === 'bpmn:IntermediateCatchEvent') {
      // Zeebe: cycles on catch events are only meaningful on non-interrupting boundaries
      if (type === 'cycle' && (el.$type === 'bpmn:IntermediateCatchEvent' || el.cancelActivity !== false)) {
        this.fail(
          el,
          'a timer cycle is only allowed on timer start events and non-interrupting boundary events',
        );
      }
    }
    return { type, expression };
  }

  private signal(el: El, def: El): Expression | undefined {
    const ref = def.signalRef;
    if (!ref?.name || ref.name.trim() === '' || ref.name.trim() === '=') {
      this.fail(el, 'must reference a bpmn:Signal with a name');
      return undefined;
    }
    const name = expr(ref.name) as Expression;
    this.checkExpr(el, name, 'signal name');
    return name;
  }

  private errorCatch(el: El, def: El): Expression | undefined {
    const ref = def.errorRef;
    if (!ref) return undefined; // catch all
    const code = ref.errorCode?.trim();
    if (!code) return undefined;
    const e = expr(code) as Expression;
    if (e.kind === 'feel') {
      this.fail(el, `the error code of a catch event must be static (found '=${e.source}')`);
      return undefined;
    }
    return e;
  }

  private optExpr(el: El, value: string | undefined, what: string): Expression | undefined {
    if (value === undefined || value.trim() === '') return undefined;
    const e = expr(value) as Expression;
    this.checkExpr(el, e, what);
    return e;
  }

  private requireFeel(el: El, value: string | undefined, what: string): Expression | undefined {
    const v = (value ?? '').trim();
    if (!v.startsWith('=')) {
      this.fail(
        el,
        `${what}: Expected expression but found static value '${v}'. An expression must start with '=' (e.g. '=${v}').`,
      );
      return undefined;
    }
    const e = expr(v) as Expression;
    if (e.kind === 'feel' && e.source === '') {
      this.fail(el, `${what}: the expression must not be empty`);
      return undefined;
    }
    this.checkExpr(el, e, what);
    return e;
  }

  private checkExpr(el: El, e: Expression | undefined, what: string): void {
    if (!e || e.kind !== 'feel') return;
    if (e.source === '') {
      this.fail(el, `${what}: the expression must not be empty`);
      return;
    }
    const problem = feelSyntaxError(e.source);
    if (problem) this.fail(el, `${what}: ${problem}`);
  }
}
