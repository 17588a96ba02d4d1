import { e164, z } from '../openapi.ts';

const agentId = z.string().openapi({ example: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w' });
const fallback = z
  .object({ agent_id: agentId })
  .openapi({ description: 'Agent used when the primary agent cannot take the call' });
const voicemailMessage = z
  .string()
  .max(2000)
  .openapi({ example: 'Sorry we missed you. Please call back during business hours.' });
const friendlyName = z.string().max(255).openapi({ example: 'Sales Line' });
/** `twilio | telnyx | sim`, matched case-insensitively (older clients send `Twilio`). */
const provider = z.preprocess(
  (v) => (typeof v === 'string' ? v.toLowerCase() : v),
  z.enum(['twilio', 'telnyx', 'sim']),
);
const credentialId = z.string().openapi({
  description: 'A twilio or telnyx integration (`crd_…`) to use instead of the platform account',
});
const country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'country must be an ISO-3166 alpha-2 code, e.g. US')
  .transform((c) => c.toUpperCase())
  .openapi({ example: 'US' });
const areaCode = z
  .string()
  .regex(/^\d{2,6}$/, 'area_code must be 2 to 6 digits')
  .openapi({ example: '415', description: 'US/CA area code (national destination code elsewhere)' });
const contains = z
  .string()
  .regex(/^[0-9A-Za-z*]{1,16}$/, 'contains must be 1 to 16 digits, letters or *')
  .openapi({ example: '555' });

/** InboundRouting on register/purchase: every field optional (agent_id falls back to the number's agent). */
export const InboundRoutingIn = z
  .object({
    agent_id: agentId.nullish(),
    fallback: fallback.nullish(),
    voicemail_message: voicemailMessage.nullish(),
  })
  .openapi('InboundRouting');

/** PATCH merge semantics: omitted fields keep their value, null clears. */
const InboundRoutingUpdate = z
  .strictObject({
    agent_id: agentId.nullish(),
    fallback: z.strictObject({ agent_id: agentId }).nullish(),
    voicemail_message: voicemailMessage.nullish(),
  })
  .openapi('InboundRoutingUpdate');

const SipProviderConfig = z
  .looseObject({
    trunk_address: z.string().min(1).max(255).optional().openapi({ example: 'acme.pstn.twilio.com' }),
    auth_username: z.string().min(1).max(255).optional().openapi({ example: 'parley' }),
    auth_password: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .openapi({ description: 'Stored encrypted; never returned' }),
  })
  .openapi('SipProviderConfig');

export const PhoneNumberCreate = z
  .object({
    phone_number: e164,
    provider,
    agent_id: agentId,
    friendly_name: friendlyName.nullish(),
    provider_config: SipProviderConfig.nullish().openapi({
      description: 'Give it for SIP trunk mode; omit it to connect the number through the carrier API',
    }),
    inbound_routing: InboundRoutingIn.nullish(),
    credential_id: credentialId.nullish(),
  })
  .openapi('PhoneNumberCreate', {
    example: {
      phone_number: '+15739693824',
      provider: 'twilio',
      agent_id: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w',
      friendly_name: 'Sales Line',
      credential_id: 'crd_01jd8x2k3m4n5p6q7r8s9t0v1w',
    },
  });

export const PhoneNumberPurchase = z
  .object({
    phone_number: e164.optional().openapi({ description: 'A number from search; omit to auto-pick' }),
    country: country.default('US'),
    area_code: areaCode.optional(),
    contains: contains.optional(),
    friendly_name: friendlyName.nullish(),
    agent_id: agentId.nullish(),
    inbound_routing: InboundRoutingIn.nullish(),
    provider: provider.optional().openapi({ description: 'Defaults to the platform carrier, else sim' }),
    credential_id: credentialId.nullish(),
  })
  .openapi('PhoneNumberPurchase', {
    example: { area_code: '415', friendly_name: 'Sales Line', agent_id: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w' },
  });

export const PhoneNumberUpdate = z
  .strictObject({
    friendly_name: friendlyName.nullish(),
    agent_id: agentId.nullish(),
    status: z.enum(['active', 'inactive']).optional(),
    inbound_routing: InboundRoutingUpdate.nullish(),
  })
  .openapi('PhoneNumberUpdate', {
    example: { friendly_name: 'Support Line', inbound_routing: { fallback: null } },
  });

export const InboundRoutingCreate = z
  .object({
    agent_id: agentId,
    fallback: fallback.nullish(),
    voicemail_message: voicemailMessage.nullish(),
  })
  .openapi('InboundRoutingCreate', {
    example: {
      agent_id: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w',
      fallback: { agent_id: 'agt_01jd8x2k3m4n5p6q7r8s9t0v1x' },
      voicemail_message: 'Please leave a message.',
    },
  });

export const InboundRouting = z
  .object({
    agent_id: z.string().nullable(),
    fallback: z.object({ agent_id: z.string() }).nullable(),
    voicemail_message: z.string().nullable(),
  })
  .openapi('InboundRoutingResponse');

export const PhoneNumber = z
  .object({
    id: z.string().openapi({ example: 'phn_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    phone_number: z.string().openapi({ example: '+15739693824' }),
    friendly_name: z.string().nullable(),
    provider: z.enum(['twilio', 'telnyx', 'sim']),
    agent_id: z.string().nullable(),
    status: z.enum(['active', 'inactive']),
    inbound_trunk_id: z
      .string()
      .nullable()
      .openapi({ description: 'LiveKit SIP inbound trunk (SIP trunk mode)' }),
    outbound_trunk_id: z.string().nullable(),
    dispatch_rule_id: z.string().nullable(),
    inbound_routing: InboundRouting.nullable(),
    credential_id: z.string().nullable(),
    provider_config: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'SIP trunk mode: trunk_address, auth_username (never the password)' }),
    created_at: z.string().openapi({ example: '2026-06-01T10:00:00.000Z' }),
    updated_at: z.string(),
  })
  .openapi('PhoneNumber');

export const NumberSearchQuery = z.object({
  country: country.default('US'),
  area_code: areaCode.optional(),
  contains: contains.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10).openapi({ example: 10 }),
  provider: provider.optional(),
  credential_id: credentialId.optional(),
});

export const AvailableNumber = z
  .object({
    phone_number: z.string().openapi({ example: '+14155550123' }),
    friendly_name: z.string().nullable().openapi({ example: '(415) 555-0123' }),
    country: z.string(),
    region: z.string().nullable(),
    locality: z.string().nullable(),
    capabilities: z.object({ voice: z.boolean(), sms: z.boolean(), mms: z.boolean() }),
    provider: z.enum(['twilio', 'telnyx', 'sim']),
  })
  .openapi('AvailablePhoneNumber');

export const NumberSearchResult = z
  .object({ items: z.array(AvailableNumber), provider: z.enum(['twilio', 'telnyx', 'sim']) })
  .openapi('AvailablePhoneNumbers');
