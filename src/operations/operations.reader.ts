/**
 * What the operations view reads, behind one interface with two sources (issue 6 § 2):
 *
 * - `EngineSchemaReader`: the embedded engine keeps its state in the platform database (schema
 *   `engine`); read-only SQL on it shows every running instance, its active elements, the open
 *   incidents with their keys and the element history (engine.event_log).
 * - `PlatformObservedReader`: against a real Zeebe the gRPC API has no query calls, so the view shows
 *   what the platform observes itself: instances from the instance log (process_instance_record),
 *   open user tasks as their active elements, and the jobs its own workers failed with no retries left
 *   (failed_job; job key, no incident key). See README.md for exactly what is available.
 */

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface InstanceFilter {
  bpmnProcessId?: string;
  version?: number;
  /** started at or after */
  startedFrom?: Date;
  /** started before */
  startedBefore?: Date;
}

export interface RunningInstanceRow {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  startedAt: Date | null;
  activeElementIds: string[];
  openIncidents: number;
}

export interface InstanceRow {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  state: InstanceState;
  startedAt: Date | null;
  endedAt: Date | null;
  activeElementIds: string[];
}

export interface IncidentRow {
  /** null against a real Zeebe (only Operate and exporters know incident keys) */
  incidentKey: string | null;
  /** the job whose failure raised the incident, or null (e.g. a FEEL error) */
  jobKey: string | null;
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  elementId: string;
  /** Zeebe's error type: JOB_NO_RETRIES, EXTRACT_VALUE_ERROR, IO_MAPPING_ERROR, … */
  errorType: string;
  message: string;
  since: Date;
}

export interface HistoryRow {
  at: Date;
  elementId: string | null;
  /** PROCESS, SERVICE_TASK, USER_TASK, …, JOB, INCIDENT */
  elementType: string | null;
  /** ELEMENT_ACTIVATED, ELEMENT_COMPLETED, ELEMENT_TERMINATED, JOB_FAILED, INCIDENT_CREATED, … */
  intent: string;
  errorType: string | null;
}

export interface ProcessVersionRow {
  bpmnProcessId: string;
  version: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface OperationsReader {
  /** 'engine': the embedded engine's schema; 'platform': what the platform observes (real Zeebe) */
  readonly source: 'engine' | 'platform';
  processVersions(): Promise<ProcessVersionRow[]>;
  runningInstances(filter: InstanceFilter, limit: number, offset: number): Promise<Page<RunningInstanceRow>>;
  instance(processInstanceKey: string): Promise<InstanceRow | null>;
  /** open incidents, newest first; of one instance when given */
  incidents(processInstanceKey?: string, limit?: number): Promise<IncidentRow[]>;
  incident(incidentKey: string): Promise<IncidentRow | null>;
  /** open failed jobs recorded by the platform (real Zeebe), by job key */
  failedJob(jobKey: string): Promise<IncidentRow | null>;
  /** the element history of an instance, oldest first; null when the source has none */
  history(processInstanceKey: string, limit?: number): Promise<HistoryRow[] | null>;
  /** keys of the instances called from this one (call activities), at any depth; [] when unknown */
  descendants(processInstanceKey: string): Promise<string[]>;
  /** the BPMN XML of the deployed version, or null */
  diagramXml(bpmnProcessId: string, version: number): Promise<string | null>;
}
