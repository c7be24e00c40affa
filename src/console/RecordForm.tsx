// A form on a console page that sends one record, shows the endpoint's refusal (with each field's message)
// above its fields, and clears itself once the record is saved.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ConsoleApiError } from './api.ts';

export function RecordForm({ title, send, submit, onDone, children }: { title: string; send: (data: FormData) => Promise<unknown>; submit: string; onDone: () => void; children: ComponentChildren }) {
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    setBusy(true);
    setError(null);
    try {
      await send(new FormData(form));
      form.reset();
      onDone();
    } catch (e) {
      setError(e as ConsoleApiError);
    } finally {
      setBusy(false);
    }
  };
  const id = title.toLowerCase().replace(/[^a-z]+/g, '-');
  return (
    <form onSubmit={onSubmit} aria-labelledby={id} class="govuk-!-margin-bottom-6">
      <h2 class="govuk-heading-m" id={id}>{title}</h2>
      {error && (
        <div class="govuk-error-summary" role="alert">
          <h3 class="govuk-error-summary__title">There is a problem</h3>
          <div class="govuk-error-summary__body">
            <ul class="govuk-list govuk-error-summary__list">
              <li>{error.message}</li>
              {error.fields.map((f) => <li key={f.path}>{f.message}</li>)}
            </ul>
          </div>
        </div>
      )}
      {children}
      <button class="govuk-button" type="submit" disabled={busy}>{submit}</button>
    </form>
  );
}

export function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class="govuk-form-group">
      <label class="govuk-label" for={id}>{label}</label>
      {hint && <div class="govuk-hint" id={`${id}-hint`}>{hint}</div>}
      {children}
    </div>
  );
}


/** A field's trimmed text, or undefined when left empty. */
export const str = (data: FormData, name: string) => {
  const v = String(data.get(name) ?? '').trim();
  return v === '' ? undefined : v;
};
