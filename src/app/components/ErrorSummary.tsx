import { useEffect, useRef } from 'preact/hooks';

export type SummaryError = { href: string; message: string };

/** GOV.UK error summary: takes focus when it appears so screen reader users hear what to fix. */
export function ErrorSummary({ errors }: { errors: SummaryError[] }) {
  const ref = useRef<HTMLDivElement>(null);
  // Focus only when the list of problems changes, not on every render (that would steal focus while typing).
  const key = errors.map((e) => `${e.href}\n${e.message}`).join('\n');
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  if (errors.length === 0) return null;
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {errors.map((e) => (
              <li key={e.href + e.message}>
                <a href={e.href} onClick={(ev) => focusTarget(ev, e.href)}>{e.message}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

// In-page links: focus the input itself (the router would otherwise treat the click as navigation).
function focusTarget(event: MouseEvent, href: string) {
  const hash = href.startsWith('#') ? href.slice(1) : null;
  if (!hash) return;
  const target = document.getElementById(hash);
  if (!target) return;
  event.preventDefault();
  target.scrollIntoView({ block: 'center' });
  target.focus();
}
