// "Print this page": the browser's own print, the console's navigation hidden by the print style sheet.
export function PrintButton() {
  return (
    <button type="button" class="govuk-button govuk-button--secondary console-no-print" onClick={() => print()}>
      Print this page
    </button>
  );
}
