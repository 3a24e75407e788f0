import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { WebModule } from '../web/web.module';
import { TaskCollector } from './task-collector.service';
import { TaskModelCatalogue } from './task-models';
import { TaskPagesController } from './task-pages.controller';
import { TaskPagesService } from './task-pages.service';
import { TeamPagesController } from './team-pages.controller';
import { TeamPagesService } from './team-pages.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** The caseworker task list: the collector of Zeebe's job-based user tasks and the task service. */
@Module({
  imports: [WebModule, AuthModule, DeadlinesModule],
  // the team page before the task pages: /aufgaben/team is no task id
  controllers: [TasksController, TeamPagesController, TaskPagesController],
  providers: [
    { provide: TaskModelCatalogue, useFactory: () => new TaskModelCatalogue() },
    TaskCollector,
    TasksService,
    TaskPagesService,
    TeamPagesService,
  ],
  exports: [TasksService, TaskCollector, TaskModelCatalogue],
})
export class TasksModule {}
