import { fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { isSafari } from '../../../src/app/components/SafariNotice.tsx';
import { openApp, useCleanDevice } from './helpers.tsx';

useCleanDevice();

const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const MAC_SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const IPHONE_CHROME = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1';
const DESKTOP_CHROME = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

function browseWith(userAgent: string) {
  Object.defineProperty(navigator, 'userAgent', { configurable: true, get: () => userAgent });
}
afterEach(() => {
  delete (navigator as { userAgent?: string }).userAgent;
  localStorage.clear();
});

describe('the Safari notice', () => {
  it('knows Safari from the other browsers that also say "Safari"', () => {
    expect([IPHONE_SAFARI, MAC_SAFARI, IPHONE_CHROME, DESKTOP_CHROME].map((ua) => isSafari(ua))).toEqual([true, true, false, false]);
  });

  it('tells a Safari user, once, how to keep drafts (add to the Home Screen), until dismissed', async () => {
    browseWith(IPHONE_SAFARI);
    const first = openApp('/');
    const notice = await screen.findByTestId('safari-notice');
    expect(notice.textContent).toContain('Safari deletes what this site keeps on your device if you do not open it for 7 days');
    expect(notice.textContent).toContain('Add to Home Screen');
    fireEvent.click(screen.getByRole('button', { name: 'Hide this message' }));
    expect(screen.queryByTestId('safari-notice')).toBeNull();
    first.unmount();

    openApp('/');
    await screen.findByRole('heading', { level: 1, name: 'Report a security incident' });
    expect(screen.queryByTestId('safari-notice')).toBeNull();
  });

  it('says nothing in other browsers', async () => {
    browseWith(DESKTOP_CHROME);
    openApp('/');
    await screen.findByRole('heading', { level: 1, name: 'Report a security incident' });
    expect(screen.queryByTestId('safari-notice')).toBeNull();
  });
});
