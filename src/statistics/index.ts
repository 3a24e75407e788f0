export { StatisticsModule } from './statistics.module';
export { StatisticsService, type Lagebild, type LagebildQuery } from './statistics.service';
