import { PageTitle } from '../components/PageTitle.tsx';

export function NotFound() {
  return (
    <>
      <PageTitle heading="Page not found" />
      <h1 class="govuk-heading-l">Page not found</h1>
      <p class="govuk-body">If you typed the web address, check it is correct.</p>
      <p class="govuk-body"><a class="govuk-link" href="/">Go to the start page</a></p>
    </>
  );
}
