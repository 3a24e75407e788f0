export { OperationsModule } from './operations.module';
export { OperationsService, OPERATIONS_READER } from './operations.service';
export { OperationAction } from './operation-action.entity';
export { FailedJob } from './failed-job.entity';
export * from './operations.errors';
