// GOV.UK Design System form patterns (govuk-frontend markup and classes) for each kind of question.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { detectPersonalData, personalDataWarning } from '../../shared/pii.ts';
import { applies, optionsFor, questionNamed, revealedUnder } from '../../shared/catalogue.ts';
import { formatParts, isRealDate, localParts, type DateTimeParts } from '../../shared/dates.ts';
import type { DraftAnswers, ReportKind } from '../../shared/report.ts';
import { stepsOf, type Step } from '../../shared/report-upgrade.ts';
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

/**
 * GOV.UK character count: what is left (or how many too many) under the box, as the reporter types; the limit
 * itself is read out with the question (not every keystroke's count, which would drown a screen reader).
 */
function CharacterCount({ id, max, length }: { id: string; max: number; length: number }) {
  const left = max - length;
  const words = left >= 0 ? `You have ${left.toLocaleString('en-GB')} character${left === 1 ? '' : 's'} remaining` : `You have ${(-left).toLocaleString('en-GB')} character${left === -1 ? '' : 's'} too many`;
  return (
    <>
      <div id={`${id}-info`} class="govuk-hint govuk-visually-hidden">You can enter up to {max.toLocaleString('en-GB')} characters</div>
      <div class={cx('govuk-character-count__message', left < 0 ? 'govuk-error-message' : 'govuk-hint')} data-testid={`${id}-count`}>
        {words}
      </div>
    </>
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

/** "HH:MM" as typed in two boxes: "9" and "5" is "9:5" until the minute box is left; nothing typed is no time. */
export function splitTime(time: string | undefined): [string, string] {
  if (!time) return ['', ''];
  const at = time.search(/[:.]/);
  return at < 0 ? [time, ''] : [time.slice(0, at), time.slice(at + 1)];
}
export function joinTime(hour: string, minute: string): string | undefined {
  return hour.trim() === '' && minute.trim() === '' ? undefined : `${hour.trim()}:${minute.trim()}`;
}

/**
 * The time as Hour and Minute boxes (GOV.UK date-input pattern), so a phone's number pad, which has no ":",
 * can fill it. Stored as "HH:MM" like before, so drafts and queued reports read the same.
 */
function TimeInput(props: { id: string; name: string; optional: boolean; error?: string | undefined; /** The date's own error is shown above, so the time's is shown here. */ repeat: boolean; time: string | undefined; onChange: (time: string | undefined) => void }) {
  const { id, name, optional, error, repeat, time, onChange } = props;
  const [hour, minute] = splitTime(time);
  const box = (part: 'time' | 'minute', label: string, value: string, set: (v: string) => void, tidy: () => void) => (
    <div class="govuk-date-input__item">
      <div class="govuk-form-group">
        <label class="govuk-label govuk-date-input__label" for={`${id}-${part}`}>{label}</label>
        <input
          class={cx('govuk-input govuk-date-input__input govuk-input--width-2', error && 'govuk-input--error')}
          id={`${id}-${part}`}
          name={`${name}.${part === 'time' ? 'hour' : 'minute'}`}
          type="text"
          inputMode="numeric"
          autoComplete={AUTOCOMPLETE}
          value={value}
          onInput={(e) => set(e.currentTarget.value)}
          onBlur={tidy}
        />
      </div>
    </div>
  );
  return (
    <fieldset class="govuk-fieldset govuk-!-margin-top-4" aria-describedby={error && repeat ? `${id}-time-error` : undefined}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Time{optional ? ' (optional)' : ''}, 24-hour clock</legend>
      {repeat && <ErrorMessage id={`${id}-time`} message={error} />}
      <div class="govuk-date-input">
        {box('time', 'Hour', hour, (h) => onChange(joinTime(h, minute)), () => {
          // "0930" typed into the hour box alone is read as 09:30.
          if (/^\d{3,4}$/.test(hour.trim()) && minute === '') onChange(joinTime(hour.trim().slice(0, -2), hour.trim().slice(-2)));
        })}
        {box('minute', 'Minute', minute, (m) => onChange(joinTime(hour, m)), () => {
          if (/^\d$/.test(minute.trim())) onChange(joinTime(hour, `0${minute.trim()}`));
        })}
      </div>
    </fieldset>
  );
}

/**
 * Quick answers for a recent date (GOV.UK asks for "today" or "yesterday" rather than making people type it):
 * each button fills the same boxes the reporter can type in, and says what it filled for screen readers.
 */
function QuickAnswers(props: { id: string; field: Field; kind: ReportKind; answers: DraftAnswers; parts: Partial<DateTimeParts>; onFill: (parts: DateTimeParts) => void }) {
  const { id, field, kind, answers, parts, onFill } = props;
  const [filled, setFilled] = useState('');
  if (field.input !== 'datetime' || !field.quick) return null;
  const day = (daysAgo: number) => {
    const now = new Date();
    // Noon of that calendar day: never the wrong day across a clock change.
    const { day, month, year } = localParts(new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo, 12));
    return { day, month, year, ...(parts.time ? { time: parts.time } : {}) };
  };
  const choices: { label: string; parts: () => DateTimeParts }[] = [
    { label: 'Today', parts: () => day(0) },
    { label: 'Yesterday', parts: () => day(1) },
    { label: 'Just now', parts: () => localParts(new Date()) },
  ];
  const sameAs = field.quick.sameAs;
  const other = sameAs && (getAnswer(answers, sameAs.question) as DateTimeParts | undefined);
  const otherQuestion = sameAs && questionNamed(sameAs.question);
  if (sameAs && other && otherQuestion && applies(otherQuestion, answers, kind) && isRealDate(other)) {
    choices.push({ label: sameAs.label, parts: () => ({ ...other }) });
  }
  return (
    <div class="app-quick-answers">
      {choices.map((choice) => (
        <button
          key={choice.label}
          type="button"
          class="govuk-button govuk-button--secondary"
          onClick={() => {
            const next = choice.parts();
            onFill(next);
            setFilled(`${formatParts(next)} filled in`);
          }}
        >
          {choice.label}
        </button>
      ))}
      <span id={`${id}-quick-status`} class="govuk-visually-hidden" aria-live="polite">{filled}</span>
    </div>
  );
}

/** Day, Month and Year boxes (GOV.UK date input), digits only so that a phone shows its number pad. */
function DateBoxes(props: { id: string; name: string; parts: Record<string, string | undefined>; error: boolean; onChange: (part: string, value: string) => void }) {
  const { id, name, parts, error, onChange } = props;
  const box = (part: 'day' | 'month' | 'year', label: string, width: 2 | 4) => (
    <div class="govuk-date-input__item">
      <div class="govuk-form-group">
        <label class="govuk-label govuk-date-input__label" for={`${id}-${part}`}>{label}</label>
        <input
          class={cx('govuk-input govuk-date-input__input', `govuk-input--width-${width}`, error && 'govuk-input--error')}
          id={`${id}-${part}`}
          name={`${name}.${part}`}
          type="text"
          inputMode="numeric"
          autoComplete={AUTOCOMPLETE}
          value={parts[part] ?? ''}
          onInput={(e) => onChange(part, e.currentTarget.value)}
        />
      </div>
    </div>
  );
  return (
    <div class="govuk-date-input" id={id}>
      {box('day', 'Day', 2)}
      {box('month', 'Month', 2)}
      {box('year', 'Year', 4)}
    </div>
  );
}

/**
 * Steps, each with the date it will be completed (the MoJ "add another" pattern): a row per step, its own
 * errors under it, "Remove" on each when there is more than one, "Add another step" up to the limit.
 */
function StepList(props: { id: string; name: string; max: number; steps: Step[]; errors: Errors; onChange: (steps: Step[]) => void }) {
  const { id, name, max, errors, onChange } = props;
  const rows: Step[] = props.steps.length > 0 ? props.steps : [{ step: '' }];
  const change = (i: number, patch: Partial<Step>) => onChange(rows.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  // After a row is added or removed, the keyboard goes to the step that is then there (the new one, or the one
  // after the removed one), once the list is drawn with that many rows: the change is saved before it is drawn,
  // which on a busy device takes several frames.
  const focusWhenDrawn = useRef<{ rows: number; elementId: string } | null>(null);
  useLayoutEffect(() => {
    const wanted = focusWhenDrawn.current;
    if (!wanted || wanted.rows !== rows.length) return;
    focusWhenDrawn.current = null;
    document.getElementById(wanted.elementId)?.focus();
  });
  const changeRows = (next: Step[], focusIndex: number) => {
    focusWhenDrawn.current = { rows: next.length, elementId: `${id}-${focusIndex}-step` };
    onChange(next);
  };
  return (
    <div id={id}>
      {rows.map((row, i) => {
        const n = i + 1;
        const rowId = `${id}-${i}`;
        const stepError = errors[`${name}.${i}.step`];
        const dateError = errors[`${name}.${i}.completeBy`];
        return (
          <fieldset class="govuk-fieldset app-step" key={i} data-testid="step">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Step {n}</legend>
            <Group error={stepError}>
              <label class="govuk-label" for={`${rowId}-step`}>Describe step {n}</label>
              <ErrorMessage id={`${rowId}-step`} message={stepError} />
              <textarea
                class={cx('govuk-textarea', stepError && 'govuk-textarea--error')}
                id={`${rowId}-step`}
                name={`${name}.${i}.step`}
                rows={2}
                autoComplete={AUTOCOMPLETE}
                value={row.step ?? ''}
                aria-describedby={describedBy(`${rowId}-step`, undefined, stepError)}
                onInput={(e) => change(i, { step: e.currentTarget.value })}
              />
            </Group>
            <Group error={dateError}>
              <fieldset class="govuk-fieldset" role="group" aria-describedby={describedBy(`${rowId}-completeBy`, 'hint', dateError)}>
                <legend class="govuk-fieldset__legend">When do you expect step {n} to be completed?</legend>
                <div id={`${rowId}-completeBy-hint`} class="govuk-hint">For example, 31 3 2027</div>
                <ErrorMessage id={`${rowId}-completeBy`} message={dateError} />
                <DateBoxes
                  id={`${rowId}-completeBy`}
                  name={`${name}.${i}.completeBy`}
                  parts={(row.completeBy ?? {}) as Record<string, string | undefined>}
                  error={!!dateError}
                  onChange={(part, v) => change(i, { completeBy: { day: '', month: '', year: '', ...row.completeBy, [part]: v } })}
                />
              </fieldset>
            </Group>
            {rows.length > 1 && (
              <button
                type="button"
                class="govuk-button govuk-button--secondary"
                onClick={() => changeRows(rows.filter((_, j) => j !== i), Math.min(i, rows.length - 2))}
              >
                Remove<span class="govuk-visually-hidden"> step {n}</span>
              </button>
            )}
          </fieldset>
        );
      })}
      {rows.length < max && (
        <button
          type="button"
          class="govuk-button govuk-button--secondary"
          onClick={() => changeRows([...rows, { step: '' }], rows.length)}
        >
          Add another step
        </button>
      )}
    </div>
  );
}

/** GOV.UK textarea with a character count (and, for text that may hold personal data, the warning). */
export function TextArea(props: { id: string; name: string; label: string; labelClass?: string; hint?: string | undefined; error?: string | undefined; max: number; rows?: number | undefined; pii?: boolean | undefined; value: string; onInput: (text: string) => void }) {
  const { id, name, label, labelClass = 'govuk-label--s', hint, error, max, rows, pii, value, onInput } = props;
  const over = value.length > max;
  return (
    <div class="govuk-character-count">
      <Group error={error}>
        <label class={`govuk-label ${labelClass}`} for={id}>{label}</label>
        <Hint id={id} text={hint} />
        <ErrorMessage id={id} message={error} />
        <textarea
          class={cx('govuk-textarea govuk-js-character-count', (error || over) && 'govuk-textarea--error')}
          id={id}
          name={name}
          rows={rows ?? 5}
          autoComplete={AUTOCOMPLETE}
          value={value}
          aria-describedby={describedBy(id, hint, error, [`${id}-info`, pii && `${id}-pii`].filter(Boolean).join(' '))}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
        <CharacterCount id={id} max={max} length={value.length} />
        {pii && <PersonalDataWarning id={id} text={value} />}
      </Group>
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
        <TextArea id={id} name={field.name} label={field.label} hint={field.hint} error={error} max={field.max} rows={field.rows} pii={field.pii} value={asString(value)} onInput={(text) => onChange(field.name, text)} />
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
            options={optionsFor(field.options, kind)}
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
      const set = (part: string, v: string | undefined) => onChange(field.name, { ...parts, [part]: v });
      return (
        <Fieldset id={id} legend={field.label} hint={field.hint} error={error ?? timeError}>
          <QuickAnswers id={id} field={field} kind={kind} answers={answers} parts={parts} onFill={(p) => onChange(field.name, p)} />
          <DateBoxes id={id} name={field.name} parts={parts} error={!!error} onChange={set} />
          {field.input === 'datetime' && (
            <TimeInput id={id} name={field.name} optional={!!field.timeOptional} error={timeError} repeat={!!error} time={parts.time} onChange={(t) => set('time', t)} />
          )}
        </Fieldset>
      );
    }

    case 'steps':
      return (
        <Fieldset id={id} legend={field.label} hint={field.hint} error={error}>
          <StepList id={id} name={field.name} max={field.maxSteps} steps={stepsOf(value)} errors={errors} onChange={(steps) => onChange(field.name, steps)} />
        </Fieldset>
      );

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
