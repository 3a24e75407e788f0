export { ParametersModule } from './parameters.module';
export { ParametersService, ParameterMissingError } from './parameters.service';
export { Parameter } from './parameter.entity';
