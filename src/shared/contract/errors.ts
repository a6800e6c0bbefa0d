/** Error shape that crosses the contract: a message for the user and an optional fix. */
export interface ContractErrorBody {
  code: 'invalid_input' | 'not_found' | 'conflict' | 'failed';
  message: string;
  hint?: string;
}

export function isContractErrorBody(value: unknown): value is ContractErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ContractErrorBody).message === 'string' &&
    typeof (value as ContractErrorBody).code === 'string'
  );
}
