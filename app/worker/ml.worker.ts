/// <reference lib="webworker" />
/**
 * The worker that owns TensorFlow.js: it starts the backend and routes each call to its
 * area (backbone, training, detection, benchmark), each of which holds its own graphs
 * and runs its tensor ops, so that the page's thread never blocks on ML.
 */
import { startBackend, type BackendReport } from '../ml/backends';
import { backboneHandlers } from './backbone_handlers';
import { benchHandlers } from './bench_handlers';
import { detectionHandlers } from './detection_handlers';
import type { CallContext, Handler, Handlers } from './handler';
import { memoryReport } from './memory_report';
import type {
  CancelMessage,
  RequestMessage,
  ResponseMessage,
  WorkerMethod,
} from './protocol';
import { trainingHandlers } from './training_handlers';

declare const self: DedicatedWorkerGlobalScope;

let backend: BackendReport | null = null;
const cancelledCalls = new Set<number>();

function requireBackend(): BackendReport {
  if (!backend) throw new Error('the ML worker has not started a backend yet');
  return backend;
}

// Training works on the backbone the backbone area loads: it hears of each new one.
const training = trainingHandlers();

const handlers: Handlers<WorkerMethod> = {
  init: async ({ backend: requested }) => {
    backend = await startBackend(requested);
    return backend;
  },
  memory: async () => memoryReport(),
  ...backboneHandlers(requireBackend, training.backboneListener),
  ...training.handlers,
  ...detectionHandlers(requireBackend),
  ...benchHandlers(requireBackend),
};

function post(message: ResponseMessage): void {
  self.postMessage(message);
}

self.onmessage = async (event: MessageEvent<RequestMessage | CancelMessage>) => {
  const data = event.data;
  if ('cancel' in data) {
    cancelledCalls.add(data.cancel);
    return;
  }

  const { id, method, params } = data;
  const context: CallContext = {
    progress: (progress) => post({ id, kind: 'progress', progress }),
    cancelled: () => cancelledCalls.has(id),
  };
  try {
    const handler = handlers[method] as Handler<WorkerMethod>;
    const value = await handler(params, context);
    post({ id, kind: 'result', value });
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    post({ id, kind: 'error', message: err.message, errorName: err.name });
  } finally {
    cancelledCalls.delete(id);
  }
};
