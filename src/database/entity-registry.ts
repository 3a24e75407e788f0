import { ANALYTICS_ENTITIES } from '../analytics/analytics.entities';
import { ACCOMMODATION_ENTITIES } from '../agencies/accommodation/accommodation.entities';
import { BENEFITS_ENTITIES } from '../agencies/benefits/benefits.entities';
import { COMPLAINTS_ENTITIES } from '../agencies/complaints/complaints.entities';
import { EDUCATION_ENTITIES } from '../agencies/education/education.entities';
import { FOREIGNERS_AUTHORITY_ENTITIES } from '../agencies/foreigners-authority/foreigners-authority.entities';
import { INTEGRATION_ENTITIES } from '../agencies/integration/integration.entities';
import { IVAF_ENTITIES } from '../agencies/ivaf/ivaf.entities';
import { JOBCENTER_ENTITIES } from '../agencies/jobcenter/jobcenter.entities';
import { YOUTH_OFFICE_ENTITIES } from '../agencies/youth-office/youth-office.entities';
import { AUDIT_ENTITIES } from '../audit/audit.entities';
import { AUTH_ENTITIES } from '../auth/auth.entities';
import { CASES_ENTITIES } from '../cases/cases.entities';
import { DEADLINES_ENTITIES } from '../deadlines/deadlines.entities';
import { DOCUMENTS_ENTITIES } from '../documents/documents.entities';
import { FOLLOW_UPS_ENTITIES } from '../follow-ups/follow-ups.entities';
import { MODELER_ENTITIES } from '../modeler/modeler.entities';
import { NOTIFICATIONS_ENTITIES } from '../notifications/notifications.entities';
import { OPERATIONS_ENTITIES } from '../operations/operations.entities';
import { PARAMETERS_ENTITIES } from '../parameters/parameters.entities';
import { RETENTION_ENTITIES } from '../privacy/retention/retention.entities';
import { REGISTERS_ENTITIES } from '../registers/registers.entities';
import { STATISTICS_ENTITIES } from '../statistics/statistics.entities';
import { TASKS_ENTITIES } from '../tasks/tasks.entities';
import { ProcessInstanceRecord } from '../engine/instance-log/process-instance-record.entity';
import { DeployedResource } from './entities/deployed-resource.entity';

/** Every entity of the platform: each module lists its own in `<module>.entities.ts`. */
export const ENTITIES = [
  DeployedResource,
  ProcessInstanceRecord,
  ...AUDIT_ENTITIES,
  ...AUTH_ENTITIES,
  ...CASES_ENTITIES,
  ...DOCUMENTS_ENTITIES,
  ...DEADLINES_ENTITIES,
  ...FOLLOW_UPS_ENTITIES,
  ...MODELER_ENTITIES,
  ...NOTIFICATIONS_ENTITIES,
  ...OPERATIONS_ENTITIES,
  ...PARAMETERS_ENTITIES,
  ...RETENTION_ENTITIES,
  ...REGISTERS_ENTITIES,
  ...TASKS_ENTITIES,
  ...ANALYTICS_ENTITIES,
  ...ACCOMMODATION_ENTITIES,
  ...BENEFITS_ENTITIES,
  ...COMPLAINTS_ENTITIES,
  ...EDUCATION_ENTITIES,
  ...FOREIGNERS_AUTHORITY_ENTITIES,
  ...INTEGRATION_ENTITIES,
  ...IVAF_ENTITIES,
  ...JOBCENTER_ENTITIES,
  ...YOUTH_OFFICE_ENTITIES,
  ...STATISTICS_ENTITIES,
];
