/** Built-in outcome names (decisions §5), used until the outcomes API answers with its own list. */
export const builtinOutcomes = [
  'appointment_booked',
  'interested',
  'not_interested',
  'not_connected',
  'voicemail',
];

/** The rule PATCH /v1/calls/{id} enforces; checked on the server, shown as a hint here. */
export const outcomePattern = '^[a-z][a-z0-9_]{0,39}$';
