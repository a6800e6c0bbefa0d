import { z } from 'zod';
import { type InvokeChannel, invokeContract, type InvokeOutput } from '../../../shared/contract';
import { UserError } from '../errors/user-error';

/** Handler signatures are derived from the contract: validated input in, contract output out. */
export type Handlers = {
  [C in InvokeChannel]: (
    input: z.output<(typeof invokeContract)[C]['input']>,
  ) => Promise<InvokeOutput<C>> | InvokeOutput<C>;
};

export function isInvokeChannel(channel: string): channel is InvokeChannel {
  return Object.hasOwn(invokeContract, channel);
}

function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
}

/**
 * The single entry point every transport calls: unknown channel and invalid input are rejected before any handler runs.
 */
export function createDispatcher(handlers: Handlers): (channel: string, input: unknown) => Promise<unknown> {
  return async (channel, input) => {
    if (!isInvokeChannel(channel)) throw new UserError(`Unknown call "${channel}"`, undefined, 'invalid_input');
    const parsed = invokeContract[channel].input.safeParse(input ?? undefined);
    if (!parsed.success)
      throw new UserError(
        `Invalid input for ${channel}: ${describeZodError(parsed.error)}`,
        undefined,
        'invalid_input',
      );
    const handler = handlers[channel] as (value: unknown) => unknown;
    return await handler(parsed.data);
  };
}
