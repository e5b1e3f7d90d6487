import { InvalidArgumentError } from '@laptime/store';

/**
 * The error for a bad option or environment value: names where it came from and what it was,
 * so a misconfiguration is found at start-up instead of as silently lost spans.
 */
export function invalidOption(name: string, value: unknown, expected: string): InvalidArgumentError {
  return new InvalidArgumentError(`${name} must be ${expected}, not ${show(value)}`);
}

/** Like {@link invalidOption}, for values that may be credentials: the value is not repeated. */
export function invalidSecret(name: string, expected: string): InvalidArgumentError {
  return new InvalidArgumentError(`${name} must be ${expected}`);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
