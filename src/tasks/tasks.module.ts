import { Module } from '@nestjs/common';
import { WebModule } from '../web/web.module';
import { TaskCollector } from './task-collector.service';
import { TaskModelCatalogue } from './task-models';
import { TaskPagesController } from './task-pages.controller';
import { TaskPagesService } from './task-pages.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** The caseworker task list: the collector of Zeebe's job-based user tasks and the task service. */
@Module({
  imports: [WebModule],
  controllers: [TasksController, TaskPagesController],
  providers: [
    { provide: TaskModelCatalogue, useFactory: () => new TaskModelCatalogue() },
    TaskCollector,
    TasksService,
    TaskPagesService,
  ],
  exports: [TasksService, TaskCollector, TaskModelCatalogue],
})
export class TasksModule {}
