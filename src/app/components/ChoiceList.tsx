// GOV.UK radios and checkboxes (govuk-frontend markup): used by the question pages and the start page.
import { Fragment, type ComponentChildren } from 'preact';
import type { Option } from '../../shared/options.ts';

export const cx = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ');

/** The options of a radios or checkboxes question, each followed by the questions it reveals when chosen. */
export function ChoiceList(props: {
  kind: 'radios' | 'checkboxes';
  id: string;
  name: string;
  options: readonly Option[];
  selected: string[];
  extraClass?: string | undefined;
  onChoose: (option: string, wasChecked: boolean) => void;
  revealed?: (option: string) => ComponentChildren;
}) {
  const { kind, id, name, options, selected, extraClass, onChoose, revealed } = props;
  return (
    <div class={cx(`govuk-${kind}`, extraClass)}>
      {options.map((option, i) => {
        const optionId = i === 0 ? id : `${id}-${i + 1}`;
        const checked = selected.includes(option.value);
        const reveal = checked ? revealed?.(option.value) : undefined;
        return (
          <Fragment key={option.value}>
            <div class={`govuk-${kind}__item`}>
              <input
                class={`govuk-${kind}__input`}
                id={optionId}
                name={name}
                type={kind === 'radios' ? 'radio' : 'checkbox'}
                // What was ticked is part of the report too: kept out of the browser's saved form state.
                autoComplete="off"
                value={option.value}
                checked={checked}
                aria-describedby={option.hint ? `${optionId}-item-hint` : undefined}
                onChange={() => onChoose(option.value, checked)}
              />
              <label class={`govuk-label govuk-${kind}__label`} for={optionId}>{option.label}</label>
              {option.hint && <div id={`${optionId}-item-hint`} class={`govuk-hint govuk-${kind}__hint`}>{option.hint}</div>}
            </div>
            {reveal && (
              <div class={`govuk-${kind}__conditional`} id={`conditional-${optionId}`}>
                {reveal}
              </div>
            )}
          </Fragment>
        );
      })}
    </div>
  );
}

