import { FailedJob } from './failed-job.entity';
import { OperationAction } from './operation-action.entity';

export const OPERATIONS_ENTITIES = [OperationAction, FailedJob];
