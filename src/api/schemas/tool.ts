import { httpMethods, toolTypes } from '../../domain/tool/tool.ts';
import { e164, z } from '../openapi.ts';
import {
  bodyTemplate,
  calendarConfig,
  credentialId,
  extractionSchema,
  messagingTo,
  subjectTemplate,
  timeoutSeconds,
  toolDescription,
  toolHeaders,
  toolMethod,
  toolName,
  toolParameters,
  toolUrl,
} from './tool-fields.ts';

const common = {
  name: toolName,
  description: toolDescription.nullable().optional(),
  run_in_background: z.boolean().nullable().optional().openapi({ description: 'Default false' }),
  speak_during_execution: z.boolean().nullable().optional().openapi({ description: 'Default false' }),
};

const variant = <T extends (typeof toolTypes)[number], S extends Record<string, z.ZodType>>(
  type: T,
  name: string,
  shape: S,
  example: Record<string, unknown>,
) =>
  z.object({ type: z.literal(type), ...common, ...shape }).openapi(name, { example: { type, ...example } });

const ApiCall = variant(
  'api_call',
  'CreateApiCallToolRequest',
  {
    description: toolDescription,
    url: toolUrl,
    method: toolMethod,
    headers: toolHeaders.nullable().optional(),
    parameters: toolParameters(false).nullable().optional(),
    timeout_seconds: timeoutSeconds.nullable().optional(),
  },
  {
    name: 'check_inventory',
    description: 'Check if a product is in stock',
    url: 'https://api.example.com/inventory',
    method: 'POST',
    headers: { Authorization: 'Bearer {{api_token}}' },
    parameters: [{ name: 'sku', type: 'string', required: true, description: 'Product SKU' }],
    speak_during_execution: true,
  },
);
const TransferCall = variant(
  'transfer_call',
  'CreateTransferCallToolRequest',
  { transfer_to: e164 },
  { name: 'transfer_to_human', description: 'Caller asks for a person', transfer_to: '+15105550100' },
);
const EndCall = variant(
  'end_call',
  'CreateEndCallToolRequest',
  {},
  {
    name: 'hangup',
    description: 'The caller says goodbye',
  },
);
const SendSms = variant(
  'send_sms',
  'CreateSendSmsToolRequest',
  {
    messaging_config: z
      .object({
        to: messagingTo.openapi({ description: 'E.164 number or "caller"', example: 'caller' }),
        body_template: bodyTemplate.openapi({ example: 'Your booking is confirmed for {{date}}.' }),
      })
      .openapi({ description: 'Sent from the number used for the call; no credential needed' }),
  },
  { name: 'text_confirmation', messaging_config: { to: 'caller', body_template: 'Confirmed for {{date}}.' } },
);
const SendEmail = variant(
  'send_email',
  'CreateSendEmailToolRequest',
  {
    credential_id: credentialId.openapi({ description: 'A resend or sendgrid integration' }),
    messaging_config: z.object({
      to: messagingTo.openapi({
        description: 'An email address, a {{variable}} holding one, or "caller" (the agent asks for it)',
        example: '{{customer_email}}',
      }),
      subject_template: subjectTemplate.openapi({ example: 'Your appointment' }),
      body_template: bodyTemplate.openapi({ example: 'Hi {{name}}, see you on {{date}}.' }),
    }),
  },
  {
    name: 'email_summary',
    credential_id: 'crd_01jd8x2k3m4n5p6q7r8s9t0v1w',
    messaging_config: {
      to: '{{customer_email}}',
      subject_template: 'Your appointment',
      body_template: 'See you soon.',
    },
  },
);
const ScheduleCalendarEvent = variant(
  'schedule_calendar_event',
  'CreateScheduleCalendarEventToolRequest',
  {
    credential_id: credentialId.openapi({ description: 'A calcom integration' }),
    calendar_config: calendarConfig(false),
  },
  {
    name: 'book_meeting',
    description: 'The caller wants to book a demo',
    credential_id: 'crd_01jd8x2k3m4n5p6q7r8s9t0v1w',
    calendar_config: { calendar_id: '123456', duration_minutes: 30, timezone: 'America/New_York' },
  },
);
const ExtractInformation = variant(
  'extract_information',
  'CreateExtractInformationToolRequest',
  { extraction_schema: extractionSchema(false) },
  {
    name: 'qualify_lead',
    extraction_schema: { fields: [{ name: 'budget', description: 'Monthly budget in USD', required: true }] },
  },
);

export const ToolCreate = z
  .discriminatedUnion('type', [
    ApiCall,
    TransferCall,
    EndCall,
    SendSms,
    SendEmail,
    ScheduleCalendarEvent,
    ExtractInformation,
  ])
  .openapi('ToolCreate');

export const ToolUpdate = z
  .strictObject({
    type: z
      .enum(toolTypes)
      .nullable()
      .optional()
      .openapi({ description: 'Cannot change; sent only to confirm' }),
    name: toolName.nullable().optional(),
    description: toolDescription.nullable().optional(),
    url: toolUrl.nullable().optional(),
    method: toolMethod.nullable().optional(),
    headers: toolHeaders.nullable().optional(),
    parameters: toolParameters(true).nullable().optional(),
    run_in_background: z.boolean().nullable().optional(),
    speak_during_execution: z.boolean().nullable().optional(),
    timeout_seconds: timeoutSeconds.nullable().optional(),
    transfer_to: e164.nullable().optional(),
    credential_id: credentialId.nullable().optional(),
    extraction_schema: extractionSchema(true).nullable().optional(),
    messaging_config: z
      .strictObject({
        to: messagingTo.nullable().optional(),
        subject_template: subjectTemplate.nullable().optional(),
        body_template: bodyTemplate.nullable().optional(),
      })
      .nullable()
      .optional()
      .openapi({ description: 'Merged key by key into the stored config' }),
    calendar_config: z
      .strictObject(
        Object.fromEntries(
          Object.entries(calendarConfig(true).shape).map(([k, v]) => [k, v.nullable().optional()]),
        ) as {
          [K in keyof ReturnType<typeof calendarConfig>['shape']]: z.ZodOptional<
            z.ZodNullable<ReturnType<typeof calendarConfig>['shape'][K]>
          >;
        },
      )
      .nullable()
      .optional()
      .openapi({ description: 'Merged key by key into the stored config' }),
  })
  .openapi('ToolUpdate', {
    example: { description: 'Check stock for a SKU', speak_during_execution: false },
  });

export const Tool = z
  .object({
    id: z.string().openapi({ example: 'tool_01jd8x2k3m4n5p6q7r8s9t0v1w' }),
    name: z.string(),
    type: z.enum(toolTypes),
    description: z.string().nullable(),
    url: z.string().nullable(),
    method: z.enum(httpMethods).nullable(),
    headers: z.record(z.string(), z.string()),
    parameters: z.array(
      z.object({
        name: z.string(),
        type: z.string().optional(),
        required: z.boolean(),
        description: z.string(),
        enum: z.array(z.string()).optional(),
      }),
    ),
    transfer_to: z.string().nullable(),
    run_in_background: z.boolean(),
    speak_during_execution: z.boolean(),
    extraction_schema: z
      .object({
        fields: z.array(z.object({ name: z.string(), description: z.string(), required: z.boolean() })),
      })
      .nullable(),
    messaging_config: z
      .object({ to: z.string(), subject_template: z.string().optional(), body_template: z.string() })
      .nullable(),
    calendar_config: z
      .object({
        calendar_id: z.union([z.string(), z.number()]),
        duration_minutes: z.number().int(),
        timezone: z.string(),
      })
      .nullable(),
    credential_id: z.string().nullable(),
    timeout_seconds: z.number().nullable().openapi({ description: 'api_call only (Parley extra)' }),
    created_at: z.string().openapi({ example: '2026-06-01T10:00:00.000Z' }),
    updated_at: z.string(),
  })
  .openapi('Tool');
