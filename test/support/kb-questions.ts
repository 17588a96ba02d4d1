/** Questions about test/fixtures/kb/acme-handbook.md and a phrase of the passage that answers each. */
export const handbookQuestions: [question: string, answer: string][] = [
  ['How long do I have to return something?', 'returned within 30 days of delivery'],
  [
    'How much does shipping to Canada cost?',
    'Shipping to Canada takes about five business days and costs 19 euros',
  ],
  ['When is the Lyon store open on Saturday?', 'open Monday to Saturday from 9:30 to 19:00'],
  [
    'Is my headlamp covered by the warranty?',
    'Electronics such as headlamps and GPS units are covered for two years',
  ],
  ['How many points do I need for a voucher?', 'Five hundred points can be exchanged for a 25 euro voucher'],
  ['Can I rent ski touring gear in Chamonix?', 'Ski touring kits can be rented from the Chamonix shop'],
  ['What does a zipper repair cost?', 'A zipper replacement costs 15 euros'],
  ['Can I exchange a gift card for cash?', 'cannot be exchanged for cash'],
  ['Which email address handles order questions?', 'Write to help@acme.example for order questions'],
  ['Is there a deposit when renting equipment?', 'A deposit of 300 euros is required'],
];
