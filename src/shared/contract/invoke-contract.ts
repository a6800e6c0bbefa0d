import { z } from 'zod';
import { AppInfoSchema, ConfigCheckSchema, ConfigTextSchema, EmptySchema, StageKindInfoSchema } from './app-schemas';
import { analysisInvokeContract } from './analysis-contract';
import { boardInvokeContract } from './board-contract';
import { evalInvokeContract } from './eval-contract';
import { evaluationInvokeContract } from './evaluation-contract';
import { SettingsPatchSchema, SettingsSchema } from './settings-schemas';
import { toolchainsInvokeContract } from './toolchains-contract';
import { runsInvokeContract } from './runs-contract';

/**
 * Every request the UI can make, as `domain:verb` → input and output schemas.
 * Main validates inputs against this table; preload and the HTTP client are derived from its keys.
 */
export const invokeContract = {
  'app:info': { input: EmptySchema, output: AppInfoSchema },
  /** The desktop app's folder picker (null: cancelled); browser mode has none, its pages take a typed path. */
  'app:pickFolder': {
    input: z.object({ title: z.string().min(1).max(200), defaultPath: z.string().max(4096).optional() }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  'config:check': { input: ConfigTextSchema, output: ConfigCheckSchema },
  /** The run YAML as a JSON Schema document (draft 2020-12), for monaco-yaml's validation and completions. */
  'config:schema': { input: EmptySchema, output: z.record(z.string(), z.unknown()) },
  'stages:kinds': { input: EmptySchema, output: z.array(StageKindInfoSchema) },
  'settings:get': { input: EmptySchema, output: SettingsSchema },
  'settings:update': { input: SettingsPatchSchema, output: SettingsSchema },
  ...runsInvokeContract,
  ...boardInvokeContract,
  ...analysisInvokeContract,
  ...toolchainsInvokeContract,
  ...evalInvokeContract,
  ...evaluationInvokeContract,
} as const;

export type InvokeContract = typeof invokeContract;
export type InvokeChannel = keyof InvokeContract;
export type InvokeInput<C extends InvokeChannel> = z.input<InvokeContract[C]['input']>;
export type InvokeOutput<C extends InvokeChannel> = z.output<InvokeContract[C]['output']>;

export const invokeChannels = Object.keys(invokeContract) as InvokeChannel[];
