// The regulator's form for a case as a page to print: the same blocks the Word document is made of.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { FormBlock } from '../../shared/regulator-api.ts';
import { api, links, type ConsoleApiError, type FormType } from '../api.ts';
import { PrintButton } from './PrintButton.tsx';

function Block({ block }: { block: FormBlock }) {
  switch (block.style) {
    case 'title':
      return <h1 class="govuk-heading-l">{block.text}</h1>;
    case 'section':
      return <h2 class="govuk-heading-m">{block.text}</h2>;
    case 'question':
      return <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">{block.text}</p>;
    case 'answer':
      return <p class="govuk-body console-pre govuk-!-margin-bottom-1">{block.text}</p>;
    case 'option':
      return <p class="govuk-body govuk-!-margin-bottom-1 govuk-!-margin-left-4">{block.ticked ? '☒' : '☐'} {block.text}<span class="govuk-visually-hidden">{block.ticked ? ' (ticked)' : ''}</span></p>;
  }
}

export function FormPrintPage({ id }: { id: string }) {
  const { query } = useLocation();
  const type: FormType = query.type === 'follow-up' ? 'follow-up' : 'initial';
  const [blocks, setBlocks] = useState<FormBlock[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.form(id, type).then((f) => setBlocks(f.blocks), (e: ConsoleApiError) => setError(e.message));
  }, [id, type]);
  return (
    <>
      <div class="console-no-print">
        <a class="govuk-back-link" href={`/console/cases/${id}`}>Back to the case</a>
        <p class="govuk-body">
          {type === 'initial' ? 'Initial report' : 'Follow-up'} ·{' '}
          <a class="govuk-link" href={`/console/cases/${id}/form?type=${type === 'initial' ? 'follow-up' : 'initial'}`}>Show the {type === 'initial' ? 'follow-up' : 'initial report'}</a> ·{' '}
          <a class="govuk-link" href={links.formDocx(id, type)} download>Download (.docx)</a>
        </p>
        <PrintButton />
      </div>
      {error && <p class="govuk-error-message" role="alert">{error}</p>}
      {blocks ? <div data-testid="form-print">{blocks.map((b, i) => <Block block={b} key={i} />)}</div> : !error && <p class="govuk-body">Loading…</p>}
    </>
  );
}
