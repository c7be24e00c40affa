import { ErrorBoundary, LocationProvider, Route, Router, lazy } from 'preact-iso';
import { Layout } from './components/Layout.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { StartPage } from './pages/StartPage.tsx';

// The start page is in the first bundle; everything after it loads on demand (and is precached for offline).
const QuestionPage = lazy(() => import('./pages/QuestionPage.tsx'));
const CheckAnswersPage = lazy(() => import('./pages/CheckAnswersPage.tsx'));
const ConfirmationPage = lazy(() => import('./pages/ConfirmationPage.tsx'));
const DiscardPage = lazy(() => import('./pages/DiscardPage.tsx'));
const ResumePage = lazy(() => import('./pages/ResumePage.tsx'));
const SaveSealedReportsPage = lazy(() => import('./pages/SaveSealedReportsPage.tsx'));
const DeleteEverythingPage = lazy(() => import('./pages/DeleteEverythingPage.tsx'));
const AnswerPage = lazy(() => import('./pages/AnswerPage.tsx'));
const AddInformationPage = lazy(() => import('./pages/AddInformationPage.tsx'));

// Move focus to the page's main area after each client-side navigation, as a full page load would; after a
// Change or error link (`#field`), to that question instead, once its page has opened the draft.
function focusMain() {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash) return focusWhenShown(hash, Date.now() + 3_000);
  requestAnimationFrame(() => {
    document.getElementById('main-content')?.focus({ preventScroll: false });
    window.scrollTo(0, 0);
  });
}

function focusWhenShown(id: string, until: number) {
  requestAnimationFrame(() => {
    const target = document.getElementById(id);
    if (!target) {
      if (Date.now() < until) focusWhenShown(id, until);
      return;
    }
    // A date's anchor is its group of boxes: focus the first one. Show the whole question, label included.
    const input = target.matches('input, textarea, select, button') ? target : target.querySelector<HTMLElement>('input, textarea, select');
    (target.closest('fieldset, .govuk-form-group') ?? target).scrollIntoView({ block: 'start' });
    (input ?? target).focus({ preventScroll: true });
  });
}

export function App() {
  return (
    <LocationProvider>
      <Layout>
        <ErrorBoundary>
          <Router onRouteChange={focusMain}>
            <Route path="/" component={StartPage} />
            <Route path="/save-sealed-reports" component={SaveSealedReportsPage} />
            <Route path="/delete-everything" component={DeleteEverythingPage} />
            <Route path="/report/:id" component={ResumePage} />
            <Route path="/report/:id/check" component={CheckAnswersPage} />
            <Route path="/report/:id/sent" component={ConfirmationPage} />
            <Route path="/report/:id/discard" component={DiscardPage} />
            <Route path="/report/:id/:page" component={QuestionPage} />
            <Route path="/sent/:id/question/:question" component={AnswerPage} />
            <Route path="/sent/:id/add" component={AddInformationPage} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </Layout>
    </LocationProvider>
  );
}
