import { Parameter } from './parameter.entity';

export const PARAMETERS_ENTITIES = [Parameter];
