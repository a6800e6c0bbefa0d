import type { EventName, EventPayload } from './event-contract';
import type { InvokeChannel, InvokeInput, InvokeOutput } from './invoke-contract';

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
type VerbOf<C extends string> = C extends `${string}:${infer V}` ? V : never;

type ChannelsOf<D extends string> = Extract<InvokeChannel, `${D}:${string}`>;

/** `runs:list` becomes `api.runs.list(input)`. */
export type InvokeApi = {
  [D in DomainOf<InvokeChannel>]: {
    [C in ChannelsOf<D> as VerbOf<C>]: undefined extends InvokeInput<C>
      ? (input?: InvokeInput<C>) => Promise<InvokeOutput<C>>
      : (input: InvokeInput<C>) => Promise<InvokeOutput<C>>;
  };
};

type EventMethodName<E extends string> = E extends `${infer D}:${infer V}`
  ? `on${Capitalize<D>}${Capitalize<V>}`
  : never;

export type Unsubscribe = () => void;

/** `run:progress` becomes `api.events.onRunProgress(listener)` returning an unsubscribe function. */
export type EventApi = {
  [E in EventName as EventMethodName<E>]: (listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

export type WorkbenchApi = InvokeApi & { events: EventApi };

export function splitChannel(channel: string): { domain: string; verb: string } {
  const at = channel.indexOf(':');
  return { domain: channel.slice(0, at), verb: channel.slice(at + 1) };
}

export function eventMethodName(event: string): string {
  const { domain, verb } = splitChannel(event);
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  return `on${cap(domain)}${cap(verb)}`;
}
