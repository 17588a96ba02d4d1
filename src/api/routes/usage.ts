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

const UsageDay = z
  .object({
    date: z.string().openapi({ description: 'UTC day, `YYYY-MM-DD`', example: '2026-06-14' }),
    calls: z.number().int().openapi({ example: 42 }),
    minutes: z
      .number()
      .openapi({ description: 'Billed credits (1 credit = 1 active minute), 4 decimals', example: 57.3167 }),
    cost_cents: z.number().int().openapi({ description: 'Estimated spend, whole cents', example: 318 }),
  })
  .openapi('UsageDay');

const DailyUsage = z
  .object({
    days: z.number().int().openapi({ example: 3 }),
    from: z.string().openapi({ description: 'First day covered (UTC, inclusive)', example: '2026-06-12' }),
    to: z.string().openapi({ description: 'Last day covered: today (UTC)', example: '2026-06-14' }),
    items: z.array(UsageDay).openapi({
      description: 'One entry per UTC day, oldest first; days without calls are zeros',
      example: [
        { date: '2026-06-12', calls: 0, minutes: 0, cost_cents: 0 },
        { date: '2026-06-13', calls: 17, minutes: 21.5, cost_cents: 129 },
        { date: '2026-06-14', calls: 42, minutes: 57.3167, cost_cents: 318 },
      ],
    }),
  })
  .openapi('DailyUsage');

const daily = createRoute({
  method: 'get',
  path: '/daily',
  tags: ['usage'],
  security: secured,
  summary: 'Usage per day',
  description:
    'Calls, minutes and estimated cost per UTC day for the last `days` days (today included), zero-filled, computed from this workspace’s calls by creation time with the same rules as `GET /v1/usage` (cancelled scheduled calls do not count). Parley extra.',
  request: {
    query: z.object({
      days: z.coerce
        .number()
        .int()
        .min(1)
        .max(366)
        .default(30)
        .openapi({ description: 'How many UTC days, today included (1–366)', example: 30 }),
    }),
  },
  responses: { 200: jsonResponse(DailyUsage, 'One entry per day'), ...errorResponses() },
});

/** `GET /v1/usage`, `GET /v1/usage/daily` */
export function usageRoutes(deps: { usage: UsageService }) {
  return createRouter()
    .openapi(route, async (c) => c.json(await deps.usage.snapshot(orgOf(c)), 200))
    .openapi(daily, async (c) => c.json(await deps.usage.daily(orgOf(c), c.req.valid('query').days), 200));
}
