// The files the reporter's first page loads, found as the browser finds them: the scripts and stylesheets
// index.html names, their static imports, the app its first script imports once the page is painted (with
// that app's static imports), and workbox-window (imported at start to register the worker).
// `read` gives a file's text: from dist/ for the built output, over HTTP for the endpoint's answers.

export const FIRST_PAGE_JS_BUDGET = 60 * 1024;
/** The render-blocking CSS, as sent: the reference stack's figure (issue 11). */
export const FIRST_PAGE_CSS_BUDGET = 12 * 1024;

export interface FirstPageFiles {
  scripts: string[];
  styles: string[];
}

export async function firstPageFiles(read: (file: string) => Promise<string>): Promise<FirstPageFiles> {
  const html = await read('index.html');
  const styles = [...html.matchAll(/<link[^>]+href="\/(assets\/[^"]+\.css)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const visit = async (file: string, entry = false): Promise<void> => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = await read(file);
    for (const m of code.matchAll(/(?:from|import)\s*["'`]\.\/([^"'`]+\.js)["'`]/g)) await visit(`assets/${m[1]}`);
    // The first script's one job is to load the app (src/app/boot.ts), and the app registers the service
    // worker at once: both are part of the first page's load.
    const loadedAtOnce = entry ? /import\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g : /import\(\s*["'`]\.\/(workbox-window[^"'`]*\.js)["'`]\s*\)/g;
    for (const m of code.matchAll(loadedAtOnce)) await visit(`assets/${m[1]}`);
  };
  for (const m of html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)) await visit(m[1]!, true);
  return { scripts: [...seen], styles };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
