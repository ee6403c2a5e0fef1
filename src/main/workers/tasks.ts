// The registry of tasks a worker process can run. Each domain adds its task module here.
import { echoTask } from './echo-task';
import { vitDescribeTask, vitForwardTask, vitLoadStatsTask } from '../model/vit-forward-task';
import { trainRunTask } from '../train/train-task';
import { kfoldTask } from '../analysis/kfold-task';
import { neighborsTask } from '../analysis/neighbors-task';
import { mapTask } from '../analysis/map-task';

export const tasks = {
  'train.run': trainRunTask,
  'data.kfold': kfoldTask,
  'data.neighbors': neighborsTask,
  'data.map': mapTask,
  echo: echoTask,
  'vit-forward': vitForwardTask,
  'vit-describe': vitDescribeTask,
  'vit-load-stats': vitLoadStatsTask,
} as const;

export type TaskName = keyof typeof tasks;
export type TaskArgs<T extends TaskName> = Parameters<(typeof tasks)[T]>[0];
export type TaskResult<T extends TaskName> = Awaited<ReturnType<(typeof tasks)[T]>>;
