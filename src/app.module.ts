import { DynamicModule, Module } from '@nestjs/common';
import { AccommodationModule } from './agencies/accommodation/accommodation.module';
import { BenefitsModule } from './agencies/benefits/benefits.module';
import { ComplaintsModule } from './agencies/complaints/complaints.module';
import { EducationModule } from './agencies/education/education.module';
import { ForeignersAuthorityModule } from './agencies/foreigners-authority/foreigners-authority.module';
import { IntegrationModule } from './agencies/integration/integration.module';
import { IvafModule } from './agencies/ivaf/ivaf.module';
import { JobcenterModule } from './agencies/jobcenter/jobcenter.module';
import { YouthOfficeModule } from './agencies/youth-office/youth-office.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { AppConfig } from './config/app.config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { DemoModule } from './demo/demo.module';
import { DocumentsModule } from './documents/documents.module';
import { EngineModule } from './engine/engine.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { HealthModule } from './health/health.module';
import { ModelerModule } from './modeler/modeler.module';
import { ModelerPagesModule } from './modeler/pages/modeler-pages.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OperationsModule } from './operations/operations.module';
import { ParametersModule } from './parameters/parameters.module';
import { AccessExportModule } from './privacy/access/access-export.module';
import { RetentionModule } from './privacy/retention/retention.module';
import { RegistersModule } from './registers/registers.module';
import { StatisticsModule } from './statistics/statistics.module';
import { TasksModule } from './tasks/tasks.module';

/** one module per agency unit (src/agencies/<unit>), each registering its job workers */
const AGENCY_MODULES = [
  ForeignersAuthorityModule,
  BenefitsModule,
  AccommodationModule,
  IntegrationModule,
  JobcenterModule,
  YouthOfficeModule,
  EducationModule,
  IvafModule,
  ComplaintsModule,
];

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        EngineModule,
        HealthModule,
        AuditModule,
        AuthModule,
        CasesModule,
        ParametersModule,
        DocumentsModule,
        RegistersModule,
        TasksModule,
        FollowUpsModule,
        DeadlinesModule,
        NotificationsModule,
        AccessExportModule,
        ModelerModule,
        ModelerPagesModule,
        OperationsModule,
        AnalyticsModule,
        StatisticsModule,
        RetentionModule,
        ...AGENCY_MODULES,
        DemoModule,
      ],
    };
  }
}
