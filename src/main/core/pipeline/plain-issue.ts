import type { z } from 'zod';

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** zod's own default messages; a schema's custom message ("A run needs at least one stage") is kept as written. */
const ZOD_DEFAULT = /^(Invalid input|Too small|Too big|Invalid option|Unrecognized key)/;

/** A zod issue in words a user reads without knowing zod ("model is required", not "expected string, received …"). */
export function plainIssueMessage(issue: z.core.$ZodIssue, value: unknown): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  const field = issue.path.length > 0 ? String(issue.path[issue.path.length - 1]) : 'the value';
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined
        ? `${field} is required`
        : `${field} must be ${article(issue.expected)}${value === null ? ' (it is empty)' : ''}`;
    case 'too_small':
      if (issue.origin === 'string') return `${field} cannot be empty`;
      if (issue.origin === 'array') return `${field} needs at least ${String(issue.minimum)} item(s)`;
      return `${field} must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `${field} is longer than ${String(issue.maximum)} characters`;
      if (issue.origin === 'array') return `${field} has more than ${String(issue.maximum)} items`;
      return `${field} must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown option${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}
