// axe-core run inside the page. Injected with page.evaluate (CDP), which a strict Content-Security-Policy
// does not block, unlike a <script> tag.
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export type Violation = { page: string; id: string; impact: string | null; help: string; targets: string[] };

export async function axeViolations(page: Page, label: string): Promise<Violation[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(
    (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_22_AA,
  );
  return results.violations.map((v) => ({
    page: label,
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}
