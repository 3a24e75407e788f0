export { AppConfig, ConfigError, loadConfig, LOG_LEVELS, type LogLevel } from './app.config';
export { ConfigModule } from './config.module';
export { projectRoot } from './project-root';
