import { describe, expect, it } from 'vitest';
import { eventMethodName } from './api-types';
import { buildApi } from './build-api';
import { eventNames } from './event-contract';
import { invokeChannels, invokeContract } from './invoke-contract';

describe('buildApi', () => {
  it('creates exactly one method per contract entry, routed to its channel', async () => {
    const calls: [string, unknown][] = [];
    const api = buildApi(
      {
        invoke: async (c, i) => {
          calls.push([c, i]);
          return 'ok';
        },
        subscribe: () => () => undefined,
      },
      invokeChannels,
      eventNames,
    );
    const methods = Object.entries(api)
      .filter(([k]) => k !== 'events')
      .flatMap(([domain, verbs]) => Object.keys(verbs as object).map((v) => `${domain}:${v}`));
    expect(methods.sort()).toEqual(Object.keys(invokeContract).sort());
    expect(Object.keys(api.events).sort()).toEqual(eventNames.map(eventMethodName).sort());
    expect(api.events).toHaveProperty('onRunProgress');
    await api.runs.get({ id: 3 });
    expect(calls).toEqual([['runs:get', { id: 3 }]]);
  });

  it('delivers events to the matching subscription only', () => {
    const subs: string[] = [];
    const api = buildApi(
      {
        invoke: async () => null,
        subscribe: (e) => {
          subs.push(e);
          return () => undefined;
        },
      },
      invokeChannels,
      eventNames,
    );
    api.events.onRunProgress(() => undefined);
    expect(subs).toEqual(['run:progress']);
  });
});
