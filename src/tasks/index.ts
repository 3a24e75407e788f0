export { TasksModule } from './tasks.module';
export {
  TasksService,
  TASK_VIEWS,
  TASK_SORTS,
  type TaskView,
  type TaskSort,
  type TaskListQuery,
  type TaskListPage,
  type TaskSummary,
  type TaskDetail,
  type WorkloadEntry,
} from './tasks.service';
export { TaskCollector } from './task-collector.service';
export { USER_TASK_JOB_TYPE, taskFieldsOf, type ActivatedUserTaskJob } from './user-task-job';
export { TaskModelCatalogue } from './task-models';
export { Task, TASK_STATES, type TaskState } from './task.entity';
export * from './task.errors';
