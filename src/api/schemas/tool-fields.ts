import { httpMethods, parameterTypes } from '../../domain/tool/tool.ts';
import { isHttpUrl, isTimeZone } from '../../lib/formats.ts';
import { z } from '../openapi.ts';

/** Field schemas shared by the create (lenient: unknown keys dropped) and update (strict) tool bodies. */
type Shape = Record<string, z.ZodType>;
const object = <S extends Shape>(strict: boolean, shape: S) =>
  strict ? z.strictObject(shape) : z.object(shape);

const functionName = /^[a-zA-Z0-9_-]{1,64}$/;
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const toolName = z
  .string()
  .regex(functionName, 'name must be 1-64 letters, digits, _ or - (it is the function name the LLM calls)')
  .openapi({ example: 'check_inventory' });

export const toolDescription = z
  .string()
  .min(1)
  .max(4000)
  .openapi({ description: 'When the LLM should call the tool', example: 'Check if a product is in stock' });

export const toolUrl = z
  .string()
  .max(2048)
  .refine(isHttpUrl, 'url must be an absolute http(s) URL')
  .openapi({ example: 'https://api.example.com/inventory' });

export const toolMethod = z.enum(httpMethods).openapi({ example: 'POST' });

export const toolHeaders = z
  .record(
    z.string().regex(headerName, 'header names must be HTTP tokens'),
    z
      .string()
      .max(4096)
      .regex(/^[^\r\n]*$/, 'header values must not contain line breaks'),
  )
  .refine((h) => Object.keys(h).length <= 50, 'at most 50 headers')
  .openapi({
    description: 'Static headers; values may use {{variables}}',
    example: { Authorization: 'Bearer {{api_token}}' },
  });

function uniqueNames(what: string) {
  return (items: { name: string }[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate ${what} name '${item.name}'` });
      seen.add(item.name);
    });
  };
}

export const toolParameters = (strict: boolean) =>
  z
    .array(
      object(strict, {
        name: z.string().regex(functionName, 'parameter names must be 1-64 letters, digits, _ or -'),
        type: z.enum(parameterTypes).optional(),
        required: z.boolean().default(false),
        description: z.string().min(1).max(1000),
        enum: z.array(z.string().min(1).max(255)).min(1).max(100).optional(),
      }).refine((p) => !p.enum || !p.type || p.type === 'string', {
        message: 'enum is only allowed on string parameters',
        path: ['enum'],
      }),
    )
    .max(50)
    .superRefine(uniqueNames('parameter'))
    .openapi({
      description: 'Arguments the LLM fills; `enum` restricts the allowed values',
      example: [{ name: 'sku', type: 'string', required: true, description: 'Product SKU' }],
    });

export const timeoutSeconds = z
  .number()
  .int()
  .min(1)
  .max(30)
  .openapi({ description: 'Parley extra: api_call request timeout (default 10)', example: 10 });

export const messagingTo = z.string().min(1).max(320);
export const bodyTemplate = z.string().min(1).max(10_000);
export const subjectTemplate = z.string().min(1).max(998);

export const calendarConfig = (strict: boolean) =>
  object(strict, {
    calendar_id: z
      .union([z.string().min(1).max(255), z.number().int().positive()])
      .openapi({ description: 'Cal.com event type id', example: '123456' }),
    duration_minutes: z.number().int().min(5).max(480).openapi({ example: 30 }),
    timezone: z
      .string()
      .max(64)
      .refine(isTimeZone, 'timezone must be an IANA time zone such as America/New_York')
      .openapi({ example: 'America/New_York' }),
  });

export const extractionSchema = (strict: boolean) =>
  object(strict, {
    fields: z
      .array(
        object(strict, {
          name: z.string().regex(functionName, 'field names must be 1-64 letters, digits, _ or -'),
          description: z.string().min(1).max(1000),
          required: z.boolean().default(false),
        }),
      )
      .min(1)
      .max(50)
      .superRefine(uniqueNames('field')),
  }).openapi({
    example: { fields: [{ name: 'budget', description: 'Monthly budget in USD', required: true }] },
  });

export const credentialId = z
  .string()
  .openapi({ description: 'Integration id (crd_…)', example: 'crd_01jd8x2k3m4n5p6q7r8s9t0v1w' });
