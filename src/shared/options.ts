// What the start page needs before any report is opened: the kinds of report and how options are shaped.
// Every other option list is declared with its question in the catalogue (questions.ts), which loads only
// once a report is opened, so the first page stays small.

export type Option<V extends string = string> = {
  readonly value: V;
  readonly label: string;
  readonly hint?: string;
  /** Offered only in these kinds of report (every kind by default). */
  readonly kinds?: readonly string[];
};

export const valuesOf = <T extends readonly Option[]>(list: T) =>
  list.map((o) => o.value) as unknown as [T[number]['value'], ...T[number]['value'][]];

export const reportKinds = [
  { value: 'lost-device', label: 'A lost or stolen device', hint: 'Laptop, phone, tablet, USB stick or other removable media, smart card or pass' },
  { value: 'compromised', label: 'A compromised device or account', hint: 'Something looks hacked, malware, you clicked a phishing link, or a password was disclosed' },
  { value: 'data-breach', label: 'A data incident or personal data breach', hint: 'Sent to the wrong person, lost paperwork, unauthorised access or disclosure, data exposed online' },
  { value: 'other', label: 'Another security incident', hint: 'Physical security of IT, suspicious contact, or anything else' },
] as const satisfies readonly Option[];
export type ReportKind = (typeof reportKinds)[number]['value'];

export function labelOf(list: readonly Option[], value: string | undefined): string {
  return list.find((o) => o.value === value)?.label ?? value ?? '';
}
