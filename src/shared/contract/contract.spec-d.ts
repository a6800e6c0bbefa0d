import { describe, expectTypeOf, it } from 'vitest';
import type { AppInfo, RunDetail, RunPage, RunSummary, Settings, Unsubscribe, WorkbenchApi } from './index';
import type { InvokeChannel, InvokeInput, InvokeOutput } from './invoke-contract';

/** Pins the contract's shape: changing a call's input or output breaks these at compile time. */
describe('contract types', () => {
  it('maps domain:verb channels to api.domain.verb with the schema types', () => {
    expectTypeOf<WorkbenchApi['runs']['list']>().toEqualTypeOf<(input: InvokeInput<'runs:list'>) => Promise<RunPage>>();
    expectTypeOf<WorkbenchApi['runs']['get']>().parameters.toEqualTypeOf<[{ id: number }]>();
    expectTypeOf<ReturnType<WorkbenchApi['runs']['get']>>().toEqualTypeOf<Promise<RunDetail>>();
    expectTypeOf<ReturnType<WorkbenchApi['runs']['create']>>().toEqualTypeOf<Promise<RunSummary>>();
    expectTypeOf<ReturnType<WorkbenchApi['settings']['get']>>().toEqualTypeOf<Promise<Settings>>();
    expectTypeOf<InvokeOutput<'app:info'>>().toEqualTypeOf<AppInfo>();
  });

  it('makes optional-input calls callable without arguments', () => {
    expectTypeOf<WorkbenchApi['app']['info']>().toBeCallableWith();
    expectTypeOf<WorkbenchApi['settings']['update']>().toBeCallableWith({ threads: 2 });
  });

  it('exposes one typed subscribe method per event', () => {
    expectTypeOf<WorkbenchApi['events']['onRunProgress']>()
      .parameter(0)
      .parameter(0)
      .toMatchTypeOf<{ runId: number; done: number; total: number }>();
    expectTypeOf<ReturnType<WorkbenchApi['events']['onRunLog']>>().toEqualTypeOf<Unsubscribe>();
    expectTypeOf<'runs:list'>().toMatchTypeOf<InvokeChannel>();
    expectTypeOf<'runs:teleport'>().not.toMatchTypeOf<InvokeChannel>();
  });
});
