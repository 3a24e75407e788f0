import type { EntityManager } from '@mikro-orm/postgresql';
import type { IncidentRow } from './operations.reader';

/** columns of failed_job as an IncidentRow (no incident key: only Operate and exporters know it) */
export const FAILED_JOB_COLUMNS = `f.job_key::text as job_key, f.process_instance_key::text as process_instance_key,
  f.bpmn_process_id, f.version, f.element_id, f.error_message, f.failed_at`;

export interface FailedJobSqlRow {
  job_key: string;
  process_instance_key: string;
  bpmn_process_id: string;
  version: number;
  element_id: string;
  error_message: string;
  failed_at: Date;
}

export function failedJobIncident(r: FailedJobSqlRow): IncidentRow {
  return {
    incidentKey: null,
    jobKey: r.job_key,
    processInstanceKey: r.process_instance_key,
    bpmnProcessId: r.bpmn_process_id,
    version: r.version,
    elementId: r.element_id,
    // a job failed with no retries left raises Zeebe's JOB_NO_RETRIES incident
    errorType: 'JOB_NO_RETRIES',
    message: r.error_message,
    since: new Date(r.failed_at),
  };
}

/** an open failed job the platform's workers recorded, by job key */
export async function openFailedJob(em: EntityManager, jobKey: string): Promise<IncidentRow | null> {
  const rows = await em
    .getConnection()
    .execute<FailedJobSqlRow[]>(
      `select ${FAILED_JOB_COLUMNS} from failed_job f where f.job_key = ? and f.closed_at is null`,
      [jobKey],
    );
  return rows.length ? failedJobIncident(rows[0]) : null;
}
