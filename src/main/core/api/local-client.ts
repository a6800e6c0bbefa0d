import { buildApi, eventNames, invokeChannels, type WorkbenchApi } from '../../../shared/contract';
import type { EventBus } from '../events/event-bus';

/**
 * The typed contract client over an in-process transport: the same `buildApi` the renderer uses over IPC or HTTP,
 * so in-process callers (the CLI, first launch) go through the dispatcher's input and output checks like every
 * other front end, and errors reach them as the handlers threw them.
 */
export function createLocalApi(
  dispatch: (channel: string, input: unknown) => Promise<unknown>,
  bus: EventBus,
): WorkbenchApi {
  return buildApi(
    {
      invoke: (channel, input) => dispatch(channel, input),
      subscribe: (event, listener) => bus.on(event, listener),
    },
    invokeChannels,
    eventNames,
  );
}
