// The incident team's console: who is signed in decides what shows (a page saying why for someone without a
// console role), an offline banner (the console works online only), and the pages under /console.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { api, ConsoleApiError, type Me } from './api.ts';
import { AuditPage } from './pages/AuditPage.tsx';
import { ImportPage } from './pages/ImportPage.tsx';
import { CasePage } from './pages/CasePage.tsx';
import { NotificationsPage } from './pages/NotificationsPage.tsx';
import { QueuePage } from './pages/QueuePage.tsx';
import { FormPrintPage } from './pages/FormPrintPage.tsx';
import { RegisterPage } from './pages/RegisterPage.tsx';
import { ReturnPage } from './pages/ReturnPage.tsx';

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return online;
}

function SubNavigation({ me }: { me: Me }) {
  const { path } = useLocation();
  const items = [
    { href: '/console', label: 'Cases', current: path === '/console' || path.startsWith('/console/cases') },
    { href: '/console/register', label: 'Breach register', current: path === '/console/register' },
    { href: '/console/return', label: 'Quarterly return', current: path === '/console/return' },
    { href: '/console/notifications', label: 'Notifications', current: path === '/console/notifications' },
    { href: '/console/audit', label: 'Audit trail', current: path === '/console/audit' },
    ...(me.user.roles.includes('incident-manager') ? [{ href: '/console/import', label: 'Import sealed reports', current: path === '/console/import' }] : []),
  ];
  return (
    <nav class="moj-sub-navigation" aria-label="Console sections">
      <ul class="moj-sub-navigation__list">
        {items.map((i) => (
          <li class="moj-sub-navigation__item" key={i.href}>
            <a class="moj-sub-navigation__link" href={i.href} aria-current={i.current ? 'page' : undefined}>
              {i.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Frame({ me, children }: { me: Me | null; children: ComponentChildren }) {
  const online = useOnline();
  return (
    <>
      <a href="#main-content" class="govuk-skip-link">Skip to main content</a>
      <header class="govuk-header" data-module="govuk-header">
        <div class="govuk-header__container govuk-width-container">
          <div class="govuk-header__content">
            <a href="/console" class="govuk-header__link govuk-header__service-name">Incident console</a>
          </div>
        </div>
      </header>
      <div class="govuk-width-container">
        {!online && (
          <div class="govuk-notification-banner" role="region" aria-labelledby="offline-title">
            <div class="govuk-notification-banner__header">
              <h2 class="govuk-notification-banner__title" id="offline-title">Offline</h2>
            </div>
            <div class="govuk-notification-banner__content">
              <p class="govuk-notification-banner__heading">You are offline. The console works online only: nothing can be read or changed until the network is back.</p>
            </div>
          </div>
        )}
        {me && <p class="govuk-body-s govuk-!-margin-top-3">Signed in as {me.user.name}{me.canChange ? '' : ' (read only)'}</p>}
        {me && <SubNavigation me={me} />}
        <main class="govuk-main-wrapper" id="main-content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </>
  );
}

export function ConsoleApp() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<ConsoleApiError | null>(null);
  useEffect(() => {
    api.me().then(setMe, (e: ConsoleApiError) => setError(e));
  }, []);

  if (error) {
    return (
      <Frame me={null}>
        {error.status === 403 ? (
          <>
            <h1 class="govuk-heading-l">You cannot use the incident console</h1>
            <p class="govuk-body">You are signed in, but only incident managers, data protection officers and read-only users of the incident team can open the console.</p>
            <p class="govuk-body">To report an incident, <a class="govuk-link" href="/">go to Report a security incident</a>. If you should have access, ask the incident team to add you to their group.</p>
          </>
        ) : (
          <>
            <h1 class="govuk-heading-l">The console cannot be shown</h1>
            <p class="govuk-body">{error.message}</p>
          </>
        )}
      </Frame>
    );
  }
  if (!me) return <Frame me={null}><p class="govuk-body">Loading…</p></Frame>;
  return (
    <LocationProvider>
      <Frame me={me}>
        <ErrorBoundary>
          <Router>
            <Route path="/console" component={() => <QueuePage />} />
            <Route path="/console/cases/:id" component={({ id }: { id: string }) => <CasePage id={id} me={me} />} />
            <Route path="/console/cases/:id/form" component={({ id }: { id: string }) => <FormPrintPage id={id} />} />
            <Route path="/console/register" component={RegisterPage} />
            <Route path="/console/return" component={ReturnPage} />
            <Route path="/console/notifications" component={NotificationsPage} />
            <Route path="/console/audit" component={AuditPage} />
            <Route path="/console/import" component={ImportPage} />
            <Route default component={() => <h1 class="govuk-heading-l">Page not found</h1>} />
          </Router>
        </ErrorBoundary>
      </Frame>
    </LocationProvider>
  );
}
