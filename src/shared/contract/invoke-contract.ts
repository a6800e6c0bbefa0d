import { z } from 'zod';
import { AppInfoSchema, ConfigCheckSchema, ConfigTextSchema, EmptySchema, StageKindInfoSchema } from './app-schemas';
import {
  LogLineSchema,
  RunCreateSchema,
  RunDetailSchema,
  RunLogQuerySchema,
  RunPageSchema,
  RunQuerySchema,
  RunRefSchema,
  RunSummarySchema,
  RunUpdateSchema,
} from './run-schemas';
import { analysisInvokeContract } from './analysis-contract';
import { boardInvokeContract } from './board-contract';
import { evalInvokeContract } from './eval-contract';
import { evaluationInvokeContract } from './evaluation-contract';
import { SettingsPatchSchema, SettingsSchema } from './settings-schemas';
import { toolchainsInvokeContract } from './toolchains-contract';
import { uiInvokeContract } from './ui-contract';

/**
 * Every request the UI can make, as `domain:verb` → input and output schemas.
 * Main validates inputs against this table; preload and the HTTP client are derived from its keys.
 */
export const invokeContract = {
  'app:info': { input: EmptySchema, output: AppInfoSchema },
  'runs:list': { input: RunQuerySchema, output: RunPageSchema },
  'runs:get': { input: RunRefSchema, output: RunDetailSchema },
  'runs:create': { input: RunCreateSchema, output: RunSummarySchema },
  'runs:start': { input: RunRefSchema, output: RunSummarySchema },
  'runs:cancel': { input: RunRefSchema, output: RunSummarySchema },
  'runs:update': { input: RunUpdateSchema, output: RunSummarySchema },
  'runs:delete': { input: RunRefSchema, output: z.object({ id: z.number().int() }) },
  'runs:restore': { input: RunRefSchema, output: RunSummarySchema },
  'runs:log': { input: RunLogQuerySchema, output: z.array(LogLineSchema) },
  'config:check': { input: ConfigTextSchema, output: ConfigCheckSchema },
  'stages:kinds': { input: EmptySchema, output: z.array(StageKindInfoSchema) },
  'settings:get': { input: EmptySchema, output: SettingsSchema },
  'settings:update': { input: SettingsPatchSchema, output: SettingsSchema },
  ...boardInvokeContract,
  ...analysisInvokeContract,
  ...uiInvokeContract,
  ...toolchainsInvokeContract,
  ...evalInvokeContract,
  ...evaluationInvokeContract,
} as const;

export type InvokeContract = typeof invokeContract;
export type InvokeChannel = keyof InvokeContract;
export type InvokeInput<C extends InvokeChannel> = z.input<InvokeContract[C]['input']>;
export type InvokeOutput<C extends InvokeChannel> = z.output<InvokeContract[C]['output']>;

export const invokeChannels = Object.keys(invokeContract) as InvokeChannel[];
