import { Task } from './task.entity';

export const TASKS_ENTITIES = [Task];
