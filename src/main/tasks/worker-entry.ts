import { serveTasks } from '../workers/serve-tasks';
import { workerTasks } from './registry';

// A worker process (bundled as dist/main/workers/worker-entry.js): serves the task registry.
serveTasks(workerTasks);
