import { describe, expect, it } from 'vitest';
import { detectPersonalData, luhnValid, personalDataWarning, piiNames, type PiiKind } from '../../../src/shared/pii.ts';

// The day the case file's initial report was sent: dates are judged relative to it.
const now = new Date('2019-12-20T18:16:00Z');
const kinds = (text: string) => detectPersonalData(text, now);

/** Each text must be flagged as `kind` (true positives) or must not be (false positives). */
function flags(kind: PiiKind, yes: string[], no: string[]) {
  it.each(yes)(`flags %j as ${kind}`, (text) => expect(kinds(text)).toContain(kind));
  it.each(no)(`does not flag %j as ${kind}`, (text) => expect(kinds(text)).not.toContain(kind));
}

describe('National Insurance numbers', () => {
  flags(
    'ni-number',
    ['AB123456C', 'AB 12 34 56 C', 'ab 12 34 56 c', 'His NI number is JG103759A.', 'NI: OA 12 34 56 D'],
    [
      // QQ 12 34 56 C is the format HMRC prints on forms as an example; Q is never issued as a prefix letter,
      // so the detector (HMRC's prefix rules) treats it as the placeholder it is.
      'QQ 12 34 56 C',
      'BG123456A', 'GB 12 34 56 A', 'NK123456B', 'TN123456C', 'ZZ123456D', // prefixes never issued
      'DA123456A', 'AO123456A', 'AB123456E', // D never first, O never second, suffix only A-D
      'AB1234567C', // seven digits
      'INC0012345',
    ],
  );
});

describe('email addresses', () => {
  flags(
    'email',
    ['jo.bloggs@example.com', 'Sent to JO.BLOGGS+hr@Example.co.uk by mistake', 'data.compliance@justice.gov.uk'],
    ['Emailed the team at 16:42', 'an @ sign', 'user@localhost', '@MoJGovUK'],
  );
});

describe('UK phone numbers', () => {
  flags(
    'phone',
    [
      '07700 900982', '07700900982', '07700-900-982', '+44 7700 900982', '+447700900982',
      '+44 20 7946 0958', '020 7946 0958', '0207 946 0958', '+44 (0)20 7946 0958', '+44 020 7946 0958',
      '0121 496 0000', '01632 960001', 'call her on 0113 496 0000 after 5',
    ],
    [
      'It happened in 2019', // a year
      'ticket INC0012345', // a service desk ticket
      'ticket INC0123456789', // a long one, still a ticket: it follows letters
      'CAD 1234 18/12/19', // a police reference
      'Called the IT Service Desk on 0800 917 5148', // an organisation, not a person
      '121,109 records', 'asset tag 000123456', '07700 90098', // too short for a mobile
      '4111 1111 1111 1111', // a card number, reported as such
    ],
  );

  it('reports a phone number next to a card number as both', () => {
    expect(kinds('card 4111 1111 1111 1111, mobile 07700 900982')).toEqual(['phone', 'card-number']);
  });
});

describe('payment card numbers (Luhn)', () => {
  flags(
    'card-number',
    ['4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111', '5500 0000 0000 0004', '3782 822463 10005'],
    ['4111 1111 1111 1112', '1234 5678 9012 3456', '0000 0000 0000 0000', '4111 1111 111'],
  );

  it('luhnValid checks the check digit and the length', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(false); // Luhn-valid but too short to be a card
    expect(luhnValid('')).toBe(false);
  });
});

describe('postcodes', () => {
  flags(
    'postcode',
    ['SW1H 9AJ', 'E14 4PU', 'lives at 10 Acacia Avenue, sw1h9aj', 'M1 1AE', 'EC1A 1BB', 'CR2 6XH'],
    ['SWITCH', 'The laptop was a Dell XPS 13', 'Wing A1 2nd landing', 'Block B2 3rd floor', 'Room 101', 'M25', 'Windows 11'],
  );
});

describe('dates of birth', () => {
  flags(
    'date-of-birth',
    ['DOB 01/02/1980', 'D.O.B.: 1 Feb 1980', 'born 3/4/1975', 'Date of birth 12.03.1990', 'the list had 01/02/1980 next to each name'],
    ['on 18/12/2019', 'between 07/12/2019 and 18/12/2019', 'CAD 1234 18/12/19', 'the stubborn lock', 'laptop bought 03/05/2015'],
  );

  it('judges "how long ago" from the given now', () => {
    expect(detectPersonalData('seen on 03/05/2005', new Date('2019-12-20T12:00:00Z'))).toContain('date-of-birth');
    expect(detectPersonalData('seen on 03/05/2005', new Date('2010-12-20T12:00:00Z'))).not.toContain('date-of-birth');
  });
});

describe('the warning', () => {
  it('says nothing when nothing is found', () => {
    expect(kinds('I left my laptop on the train at 08:12; it was shut down.')).toEqual([]);
    expect(kinds('')).toEqual([]);
    expect(personalDataWarning([])).toBeNull();
  });

  it('names each kind found, in a stable order, and says not to include the affected people’s data', () => {
    const found = kinds('Sent jo.bloggs@example.com the sheet: AB123456C, DOB 01/02/1980, 07700 900982, SW1H 9AJ');
    expect(found).toEqual(['ni-number', 'email', 'phone', 'postcode', 'date-of-birth']);
    const warning = personalDataWarning(found)!;
    for (const kind of found) expect(warning).toContain(piiNames[kind]);
    expect(warning).toContain(`${piiNames.postcode} and ${piiNames['date-of-birth']}`);
    expect(warning).toMatch(/Do not include the personal data of the people affected/);
  });

  it('names a single kind on its own', () => {
    const warning = personalDataWarning(['card-number'])!;
    expect(warning).toContain('This looks like it contains a payment card number.');
    expect(warning).not.toContain(piiNames.email);
  });
});
