// Money is a decimal string plus an ISO currency code: never a float, so cents never drift.
import { builder } from './builder.js';

export type MoneyShape = { amount: string; currency: string };

export const Money = builder.objectRef<MoneyShape>('Money').implement({
  description: 'An exact decimal amount (as a string, e.g. "12.5") in an ISO-4217 currency.',
  fields: (t) => ({
    amount: t.exposeString('amount', { description: 'Decimal string without trailing zeros, e.g. "12.5" or "-3"; never a float. Parse with a decimal library.' }),
    currency: t.exposeString('currency', { description: 'ISO-4217 code, e.g. "USD".' }),
  }),
});

/**
 * Prisma Decimal or a numeric column read as text (or null) to Money; null stays null. Both
 * print the same way: no trailing zeros ("19.9900" and Decimal(19.99) are both "19.99").
 */
export function money(amount: { toString(): string } | null | undefined, currency: string): MoneyShape | null {
  if (amount == null) return null;
  const text = amount.toString();
  return { amount: text.includes('.') ? text.replace(/\.?0+$/, '') : text, currency };
}
