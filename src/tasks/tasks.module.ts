import { Module } from '@nestjs/common';
import { TaskCollector } from './task-collector.service';
import { TaskModelCatalogue } from './task-models';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** The caseworker task list: the collector of Zeebe's job-based user tasks and the task service. */
@Module({
  controllers: [TasksController],
  providers: [
    { provide: TaskModelCatalogue, useFactory: () => new TaskModelCatalogue() },
    TaskCollector,
    TasksService,
  ],
  exports: [TasksService, TaskCollector, TaskModelCatalogue],
})
export class TasksModule {}
