/** Response shapes of the public API this dashboard uses (OneInbox v1 + Parley decisions), one file per area. */

export * from './types/account.ts';
export * from './types/agent.ts';
export * from './types/call.ts';
export * from './types/knowledge-base.ts';
export * from './types/page.ts';
export * from './types/phone-number.ts';
export * from './types/webhook.ts';
