/**
 * A step that fixes an error, which each front end offers in its own terms: the CLI names its command
 * (`npu-workbench board connect HOST:PORT`), the UI its button. Core's hint says the step in words.
 */
export const ERROR_ACTIONS = ['board-connect', 'board-list', 'board-probe', 'board-fix-runtime'] as const;
export type ErrorAction = (typeof ERROR_ACTIONS)[number];

/** Error shape that crosses the contract: a message for the user, an optional fix and the step that makes it. */
export interface ContractErrorBody {
  code: 'invalid_input' | 'not_found' | 'conflict' | 'failed';
  message: string;
  hint?: string;
  /** The input the error is about (`model`, `runtimeDir`), so the page can point at its control for it. */
  field?: string;
  action?: ErrorAction;
}

export function isContractErrorBody(value: unknown): value is ContractErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ContractErrorBody).message === 'string' &&
    typeof (value as ContractErrorBody).code === 'string'
  );
}
