// GOV.UK Design System form patterns (govuk-frontend markup and classes) for each kind of question.
import type { ComponentChildren } from 'preact';
import { detectPersonalData, personalDataWarning } from '../../shared/pii.ts';
import { revealedUnder } from '../../shared/catalogue.ts';
import type { DraftAnswers, ReportKind } from '../../shared/report.ts';
import { fieldId, getAnswer } from '../flow/answers.ts';
import type { Field } from '../flow/pages.ts';
import { ChoiceList, cx } from './ChoiceList.tsx';

export type Errors = Record<string, string>;
type Props = { field: Field; kind: ReportKind; answers: DraftAnswers; errors: Errors; onChange: (name: string, value: unknown) => void };

// Report text must never reach the browser's autofill or session files (which Chromium writes in clear).
const AUTOCOMPLETE = 'off';

const asString = (v: unknown) => (typeof v === 'string' ? v : '');

function ErrorMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={`${id}-error`} class="govuk-error-message">
      <span class="govuk-visually-hidden">Error:</span> {message}
    </p>
  );
}

function Hint({ id, text }: { id: string; text?: string }) {
  return text ? <div id={`${id}-hint`} class="govuk-hint">{text}</div> : null;
}

const describedBy = (id: string, hint?: string, error?: string, extra?: string) =>
  [hint && `${id}-hint`, error && `${id}-error`, extra].filter(Boolean).join(' ') || undefined;

function Group({ error, children }: { error?: string; children: ComponentChildren }) {
  return <div class={cx('govuk-form-group', error && 'govuk-form-group--error')}>{children}</div>;
}

function Fieldset({ id, legend, hint, error, children }: { id: string; legend: string; hint?: string; error?: string; children: ComponentChildren }) {
  return (
    <Group error={error}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
        <Hint id={id} text={hint} />
        <ErrorMessage id={id} message={error} />
        {children}
      </fieldset>
    </Group>
  );
}

/** Warns, never blocks: the department must not send the affected people's data in the report. */
export function PersonalDataWarning({ id, text }: { id: string; text: string }) {
  const warning = personalDataWarning(detectPersonalData(text));
  return (
    <div id={`${id}-pii`} aria-live="polite">
      {warning && (
        <div class="govuk-warning-text govuk-!-margin-top-2 govuk-!-margin-bottom-0">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            {warning}
          </strong>
        </div>
      )}
    </div>
  );
}

export function FormField({ field, kind, answers, errors, onChange }: Props) {
  const revealed = (option: string) =>
    revealedUnder(field, option, kind).map((f) => <FormField key={f.name} field={f} kind={kind} answers={answers} errors={errors} onChange={onChange} />);
  const id = fieldId(field.name);
  const error = errors[field.name];
  const value = getAnswer(answers, field.name);

  switch (field.input) {
    case 'text':
      return (
        <Group error={error}>
          <label class="govuk-label govuk-label--s" for={id}>{field.label}</label>
          <Hint id={id} text={field.hint} />
          <ErrorMessage id={id} message={error} />
          <input
            class={cx('govuk-input', field.width && `govuk-input--width-${field.width}`, error && 'govuk-input--error')}
            id={id}
            name={field.name}
            type={field.inputMode === 'email' ? 'email' : field.inputMode === 'tel' ? 'tel' : 'text'}
            inputMode={field.inputMode}
            autoComplete={AUTOCOMPLETE}
            spellcheck={field.spellcheck}
            value={asString(value)}
            aria-describedby={describedBy(id, field.hint, error)}
            onInput={(e) => onChange(field.name, e.currentTarget.value)}
          />
        </Group>
      );

    case 'textarea':
      return (
        <Group error={error}>
          <label class="govuk-label govuk-label--s" for={id}>{field.label}</label>
          <Hint id={id} text={field.hint} />
          <ErrorMessage id={id} message={error} />
          <textarea
            class={cx('govuk-textarea', error && 'govuk-textarea--error')}
            id={id}
            name={field.name}
            rows={field.rows ?? 5}
            autoComplete={AUTOCOMPLETE}
            value={asString(value)}
            aria-describedby={describedBy(id, field.hint, error, field.pii ? `${id}-pii` : undefined)}
            onInput={(e) => onChange(field.name, e.currentTarget.value)}
          />
          {field.pii && <PersonalDataWarning id={id} text={asString(value)} />}
        </Group>
      );

    case 'radios':
    case 'checkboxes': {
      const multiple = field.input === 'checkboxes';
      const selected = multiple ? (Array.isArray(value) ? (value as string[]) : []) : value === undefined ? [] : [value as string];
      const choose = (option: string, checked: boolean) => {
        if (!multiple) return onChange(field.name, option);
        let next = checked ? selected.filter((v) => v !== option) : [...selected, option];
        // GOV.UK's "or" checkbox: ticking it clears the others, ticking another clears it.
        const exclusive = field.input === 'checkboxes' ? field.exclusive : undefined;
        if (exclusive && !checked) next = option === exclusive ? [exclusive] : next.filter((v) => v !== exclusive);
        // Keep the list in the form's order so the check page and the endpoint see a stable order.
        onChange(field.name, field.options.map((o) => o.value).filter((v) => next.includes(v)));
      };
      return (
        <Fieldset id={id} legend={field.label} hint={field.hint} error={error}>
          <ChoiceList
            kind={multiple ? 'checkboxes' : 'radios'}
            id={id}
            name={field.name}
            options={field.options}
            selected={selected}
            extraClass={multiple ? 'govuk-checkboxes--small' : field.input === 'radios' && field.inline ? 'govuk-radios--inline' : undefined}
            onChoose={choose}
            revealed={revealed}
          />
        </Fieldset>
      );
    }

    case 'flag':
      return (
        <Group error={error}>
          <div class="govuk-checkboxes govuk-checkboxes--small">
            <div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id={id} name={field.name} type="checkbox" checked={value === true} onChange={(e) => onChange(field.name, e.currentTarget.checked ? true : undefined)} />
              <label class="govuk-label govuk-checkboxes__label" for={id}>{field.label}</label>
            </div>
          </div>
        </Group>
      );

    case 'date':
    case 'datetime': {
      const parts = (value ?? {}) as Record<string, string | undefined>;
      const timeError = errors[`${field.name}.time`];
      const set = (part: string, v: string) => onChange(field.name, { ...parts, [part]: v });
      const dateInput = (part: 'day' | 'month' | 'year', label: string, width: 2 | 4) => (
        <div class="govuk-date-input__item">
          <div class="govuk-form-group">
            <label class="govuk-label govuk-date-input__label" for={`${id}-${part}`}>{label}</label>
            <input
              class={cx('govuk-input govuk-date-input__input', `govuk-input--width-${width}`, error && 'govuk-input--error')}
              id={`${id}-${part}`}
              name={`${field.name}.${part}`}
              type="text"
              inputMode="numeric"
              autoComplete={AUTOCOMPLETE}
              value={parts[part] ?? ''}
              onInput={(e) => set(part, e.currentTarget.value)}
            />
          </div>
        </div>
      );
      return (
        <Fieldset id={id} legend={field.label} hint={field.hint} error={error ?? timeError}>
          <div class="govuk-date-input" id={id}>
            {dateInput('day', 'Day', 2)}
            {dateInput('month', 'Month', 2)}
            {dateInput('year', 'Year', 4)}
          </div>
          {field.input === 'datetime' && (
          <div class={cx('govuk-form-group', 'govuk-!-margin-top-4', 'govuk-!-margin-bottom-0')}>
            <label class="govuk-label" for={`${id}-time`}>
              Time{field.input === 'datetime' && field.timeOptional ? ' (optional)' : ''}, 24-hour clock
            </label>
            {timeError && error && <ErrorMessage id={`${id}-time`} message={timeError} />}
            <input
              class={cx('govuk-input govuk-input--width-5', timeError && 'govuk-input--error')}
              id={`${id}-time`}
              name={`${field.name}.time`}
              type="text"
              inputMode="numeric"
              autoComplete={AUTOCOMPLETE}
              placeholder="HH:MM"
              value={parts.time ?? ''}
              onInput={(e) => set('time', e.currentTarget.value)}
            />
          </div>
          )}
        </Fieldset>
      );
    }

    case 'count': {
      const notKnown = value === 'not-known';
      const known = typeof value === 'string' && !notKnown;
      return (
        <Fieldset id={id} legend={field.label} hint={field.hint} error={error}>
          <div class="govuk-radios govuk-radios--conditional">
            <div class="govuk-radios__item">
              <input class="govuk-radios__input" id={id} name={field.name} type="radio" value="known" checked={known} onChange={() => onChange(field.name, '')} />
              <label class="govuk-label govuk-radios__label" for={id}>I know the number, or an estimate</label>
            </div>
            {known && (
              <div class="govuk-radios__conditional">
                <div class="govuk-form-group">
                  <label class="govuk-label" for={`${id}-number`}>Number</label>
                  <input
                    class={cx('govuk-input govuk-input--width-10', error && 'govuk-input--error')}
                    id={`${id}-number`}
                    name={`${field.name}-number`}
                    type="text"
                    inputMode="numeric"
                    autoComplete={AUTOCOMPLETE}
                    value={asString(value)}
                    onInput={(e) => onChange(field.name, e.currentTarget.value)}
                  />
                </div>
                {revealed('known')}
              </div>
            )}
            <div class="govuk-radios__item">
              <input class="govuk-radios__input" id={`${id}-2`} name={field.name} type="radio" value="not-known" checked={notKnown} onChange={() => onChange(field.name, 'not-known')} />
              <label class="govuk-label govuk-radios__label" for={`${id}-2`}>Not known yet</label>
            </div>
          </div>
        </Fieldset>
      );
    }
  }
}
