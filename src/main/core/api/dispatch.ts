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
 * The single entry point every transport calls: unknown channel and invalid input are rejected before any handler
 * runs, and every result is checked against the contract's output schema before it leaves core. The output check
 * runs in every build, production included: it costs about what serialising the answer for IPC/HTTP costs (a few ms
 * for a 200-row runs page or a 5,000-node graph; `npm run bench contract`), and a handler that breaks the contract
 * then fails where it happens instead of as a blank view in the UI. The handler's own value is returned (not zod's
 * copy), so the check never changes what callers receive.
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
    const output: unknown = await handler(parsed.data);
    const checked = invokeContract[channel].output.safeParse(output);
    if (!checked.success)
      throw new Error(
        `Internal error: ${channel} returned data outside its contract: ${describeZodError(checked.error)}`,
      );
    return output;
  };
}
