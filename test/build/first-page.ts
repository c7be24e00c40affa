// The files the reporter's first page loads, found as the browser finds them: the scripts and stylesheets
// index.html names (its own stylesheet is inside it, in a <style> element), their static imports, the app its
// first script imports once the page is painted (with that app's static imports), and workbox-window (imported
// at start to register the worker).
// `read` gives a file's text: from dist/ for the built output, over HTTP for the endpoint's answers.

export const FIRST_PAGE_JS_BUDGET = 60 * 1024;
/**
 * index.html as sent, its stylesheet inside: what TCP's first window carries (10 segments of 1,460 bytes), so
 * that the first paint waits for one round trip. (Issue 11's reference sent 12 KB of CSS on its own.)
 */
export const FIRST_PAGE_HTML_BUDGET = 14 * 1024;

export interface FirstPageFiles {
  scripts: string[];
  /** Stylesheets index.html links that hold back its first paint (it should link none: its CSS is in the page). */
  styles: string[];
  /** Stylesheets index.html links for later (media="print" until the app turns them on): the whole stylesheet. */
  laterStyles: string[];
  /** The text of index.html's <style> elements. */
  inlineCss: string;
}

export async function firstPageFiles(read: (file: string) => Promise<string>): Promise<FirstPageFiles> {
  const html = await read('index.html');
  const links = [...html.matchAll(/<link[^>]+href="\/(assets\/[^"]+\.css)"[^>]*>/g)];
  const later = (tag: string) => / media="print"/.test(tag);
  const styles = links.filter((m) => !later(m[0])).map((m) => m[1]!);
  const laterStyles = links.filter((m) => later(m[0])).map((m) => m[1]!);
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
  const inlineCss = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!).join('\n');
  return { scripts: [...seen], styles, laterStyles, inlineCss };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
