import { ModelResource } from './model-resource.entity';
import { ModelVersion } from './model-version.entity';
import { ReleaseStep } from './release-step.entity';

export const MODELER_ENTITIES = [ModelResource, ModelVersion, ReleaseStep];
