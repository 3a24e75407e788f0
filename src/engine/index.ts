export { EngineModule } from './engine.module';
export { ZeebeService } from './zeebe.service';
export {
  DeploymentService,
  listResources,
  type DeploymentResult,
  type DeploymentContentSource,
  type ResourceFile,
} from './deployment.service';
export {
  JobWorker,
  JOB_WORKER_REGISTRY,
  type JobWorkerOptions,
  type JobWorkerDefinition,
} from './job-worker.decorator';
export type { ZeebeJob, JOB_ACTION_ACKNOWLEDGEMENT } from './zeebe.types';
export { ClockService } from './clock.service';
export { toVariables } from './job-variables';
export { JobFailures, type ExhaustedJobFailure, type JobFailureListener } from './job-failures';
