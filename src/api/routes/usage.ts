import { createRoute } from '@hono/zod-openapi';
import type { UsageService } from '../../domain/usage/usage-service.ts';
import { orgOf } from '../middleware/auth.ts';
import { createRouter, errorResponses, jsonResponse, secured, z } from '../openapi.ts';

const Usage = z
  .object({
    calls_made_today: z.number().int().openapi({ example: 12 }),
    max_calls_per_day: z.number().int().openapi({ example: 1000 }),
    calls_remaining_today: z.number().int().openapi({ example: 988 }),
    calls_this_month: z.number().int().openapi({ example: 240 }),
    minutes_used_this_month: z
      .number()
      .openapi({ description: 'Billed credits (1 credit = 1 active minute)', example: 315.25 }),
    cost_cents_this_month: z.number().int().openapi({ description: 'Estimated spend', example: 1840 }),
    kb_token_budget: z.number().int().openapi({ example: 10000 }),
    period_start: z.string().openapi({ example: '2026-06-01T00:00:00.000Z' }),
  })
  .openapi('Usage');

const route = createRoute({
  method: 'get',
  path: '/',
  tags: ['usage'],
  security: secured,
  summary: 'Usage snapshot',
  description:
    'Counters from this workspace’s calls. Daily figures reset at 00:00 UTC; monthly figures cover the current UTC calendar month (`period_start`). Calls are counted by creation time; cancelled scheduled calls do not count.',
  responses: { 200: jsonResponse(Usage, 'Current usage'), ...errorResponses() },
});

/** `GET /v1/usage` */
export function usageRoutes(deps: { usage: UsageService }) {
  return createRouter().openapi(route, async (c) => c.json(await deps.usage.snapshot(orgOf(c)), 200));
}
