// index.html carries only the start page's own rules (scripts/prerender-plugin.ts) and links the whole
// stylesheet as media="print", so that it does not hold back the first paint (it comes at low priority). The
// app turns it on when it starts, before it renders anything the start page as built does not hold.
export const FULL_STYLESHEET_ATTRIBUTE = 'data-full-stylesheet';

export function applyFullStylesheet(): void {
  const link = document.querySelector<HTMLLinkElement>(`link[${FULL_STYLESHEET_ATTRIBUTE}]`);
  if (link) link.media = 'all';
}
