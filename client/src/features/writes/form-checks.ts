// The checks a form makes before sending: only what a person can fix at a glance (empty required
// fields, numbers that are not numbers). Everything else is the API's to judge, and its userErrors
// come back on the same field paths.
import type { FieldError } from './field-errors';

export function required(problems: FieldError[], field: string[], value: string): void {
  if (value.trim() === '') problems.push({ field, message: 'Required' });
}

export function quantityError(problems: FieldError[], field: string[], value: string): void {
  const v = value.trim();
  if (v === '') problems.push({ field, message: 'Required' });
  else if (!/^\d{1,7}$/.test(v) || Number(v) < 1 || Number(v) > 1_000_000) problems.push({ field, message: 'A whole number from 1 to 1,000,000' });
}

export function amountError(problems: FieldError[], field: string[], value: string): void {
  const v = value.trim();
  if (v !== '' && !/^\d{1,10}(\.\d{1,6})?$/.test(v)) problems.push({ field, message: 'An amount such as 19.99 (digits and a decimal point only)' });
}
