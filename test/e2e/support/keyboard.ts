// Moving through a page with the keyboard alone, as a reporter who cannot use a mouse would.
import type { Page } from 'playwright-core';

export type Focused = { tag: string; type: string; label: string; text: string; legend: string; checked: boolean };

export async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      type: el?.type ?? '',
      label: el?.labels?.[0]?.textContent?.trim() ?? '',
      text: el?.textContent?.trim() ?? '',
      legend: el?.closest('fieldset')?.querySelector('legend')?.textContent?.trim() ?? '',
      checked: Boolean(el?.checked),
    };
  });
}

/** Presses Tab until the focused element matches; fails if it cannot be reached within `max` presses. */
export async function tabTo(page: Page, matches: (f: Focused) => boolean, what: string, max = 60): Promise<Focused> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (matches(f)) return f;
  }
  throw new Error(`Could not reach ${what} with the Tab key`);
}

export const field = (label: string) => (f: Focused) => f.label === label;
export const button = (text: string) => (f: Focused) => (f.tag === 'button' || f.tag === 'a') && f.text.startsWith(text);
export const groupOf = (legend: string) => (f: Focused) => f.type === 'radio' && f.legend === legend;

/** Tabs into a radio group and selects `option` with Space and the arrow keys. */
export async function pickRadio(page: Page, legend: string, option: string): Promise<void> {
  await tabTo(page, groupOf(legend), `the "${legend}" question`);
  await page.keyboard.press('Space');
  for (let i = 0; i < 12; i++) {
    const f = await focused(page);
    if (f.label.startsWith(option) && f.checked) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`Could not select "${option}" in "${legend}" with the arrow keys`);
}

export async function typeInto(page: Page, label: string, text: string): Promise<void> {
  await tabTo(page, field(label), `the "${label}" field`);
  await page.keyboard.type(text);
}

export async function pressButton(page: Page, text: string): Promise<void> {
  await tabTo(page, button(text), `the "${text}" button`);
  await page.keyboard.press('Enter');
}
