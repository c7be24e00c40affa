// Renders public/icons/*.png from favicon.svg with the machine's Chromium. Run by hand when the icon changes:
// node scripts/make-icons.mjs
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const svg = readFileSync(new URL('../public/icons/favicon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
// The tab's icon is a PNG too: Chromium builds a whole SVG document for an SVG favicon, a long task on a slow phone.
for (const [name, size, padding] of [['favicon-48', 48, 0], ['icon-192', 192, 0], ['icon-512', 512, 0], ['icon-maskable-512', 512, 0.2]]) {
  await page.setViewportSize({ width: size, height: size });
  // Maskable icons keep their content inside the central 80% safe zone on a full-bleed background.
  const inner = Math.round(size * (1 - padding));
  await page.setContent(`<body style="margin:0;background:#0b0c0c;display:grid;place-items:center;height:${size}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</body>`);
  // The favicon keeps its rounded corners: transparent around them.
  const favicon = name.startsWith('favicon');
  if (favicon) await page.evaluate(() => { document.body.style.background = 'transparent'; });
  await page.screenshot({ path: new URL(`../public/icons/${name}.png`, import.meta.url).pathname, omitBackground: favicon });
}
await browser.close();
