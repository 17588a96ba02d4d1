/** Platform outcomes every workspace has (decisions §5); custom workspace outcomes add to them. */
export const builtinOutcomes = [
  'appointment_booked',
  'interested',
  'not_interested',
  'not_connected',
  'voicemail',
] as const;

/** A workspace outcome's `name`: a snake_case identifier of at most 40 characters. */
export const outcomeNamePattern = /^[a-z][a-z0-9_]*$/;
export const outcomeNameMaxLength = 40;

export function isBuiltinOutcome(name: string): boolean {
  return (builtinOutcomes as readonly string[]).includes(name);
}

/**
 * The snake_case name derived from a display label: accents dropped, lowercased, every run of
 * other characters one `_`, trimmed to 40. "Hot Lead!" → "hot_lead", "Café Visit" → "cafe_visit".
 * Returns undefined when nothing valid remains (e.g. "!!!", or a label starting with a digit).
 */
export function deriveOutcomeName(label: string): string | undefined {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, outcomeNameMaxLength)
    .replace(/_+$/, '');
  return outcomeNamePattern.test(slug) ? slug : undefined;
}

/** A custom outcome label of a workspace (`cou_…`). */
export interface CallOutcome {
  id: string;
  name: string;
  label: string;
  description: string | null;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export type CallOutcomePatch = Partial<Pick<CallOutcome, 'label' | 'description' | 'is_active'>>;

export interface CallOutcomeRepo {
  /** Undefined when the name is already taken in the workspace. */
  insert(
    orgId: string,
    o: Pick<CallOutcome, 'id' | 'name' | 'label' | 'description'>,
  ): Promise<CallOutcome | undefined>;
  get(orgId: string, id: string): Promise<CallOutcome | undefined>;
  list(orgId: string): Promise<CallOutcome[]>;
  update(orgId: string, id: string, patch: CallOutcomePatch): Promise<CallOutcome | undefined>;
  delete(orgId: string, id: string): Promise<boolean>;
}
