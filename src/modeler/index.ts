export { ModelerModule } from './modeler.module';
export {
  ModelerService,
  type ResourceSummary,
  type VersionSummary,
  type VersionDetail,
  type ReleaseStepView,
  type QueueEntry,
  type PersonRef,
} from './modeler.service';
export { MODEL_KINDS, type ModelKind } from './model-resource.entity';
export { VERSION_STATUSES, type VersionStatus } from './model-version.entity';
export { RELEASE_ACTIONS, type ReleaseAction } from './release-step.entity';
export type { ModelDiff, DiffElement, PropertyChange } from './model-diff';
export type { ElementTemplate } from './element-templates';
export { useModelerBodyParser } from './modeler-body-parser';
export * from './modeler.errors';
