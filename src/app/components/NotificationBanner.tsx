// GOV.UK notification banner (govuk-frontend markup): "Important" news, or a "Success" after an action.
import type { ComponentChildren } from 'preact';
import { cx } from './ChoiceList.tsx';

export function NotificationBanner(props: { id: string; title: string; heading: string; success?: boolean; testId?: string; children?: ComponentChildren }) {
  const { id, title, heading, success = false, testId, children } = props;
  return (
    <div class={cx('govuk-notification-banner', success && 'govuk-notification-banner--success')} role={success ? 'alert' : 'region'} aria-labelledby={id} data-testid={testId}>
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id={id}>{title}</h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">{heading}</p>
        {children}
      </div>
    </div>
  );
}
