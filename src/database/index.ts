export { DatabaseModule } from './database.module';
export { DatabaseConnection } from './database-connection';
export { DeployedResource, type DeployedResourceKind } from './entities/deployed-resource.entity';
export { ormOptions, ENTITIES } from './orm.options';
