// axe-core in the page under test: WCAG 2.1 A and AA rules, inside one selector.
import axe from 'axe-core';
import type { Page } from 'playwright-core';

type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

/** `rule: targets` for each violation; with `impacts`, only violations of those impacts. */
export async function axeViolations(page: Page, selector: string, impacts?: readonly Impact[]): Promise<string[]> {
  await page.evaluate(axe.source);
  const result = await page.evaluate((s) => (window as unknown as { axe: typeof axe }).axe.run(s, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }), selector);
  return result.violations
    .filter((v) => !impacts || impacts.includes(v.impact as Impact))
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
