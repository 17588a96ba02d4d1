import type { AuditRepo } from './domain/audit/audit.ts';
import { AuditService } from './domain/audit/audit-service.ts';
import { SessionService } from './domain/auth/session-service.ts';
import { CallOutcomeService } from './domain/outcome/call-outcome-service.ts';
import { PublishableKeyService } from './domain/publishable-key/publishable-key-service.ts';
import { UsageService } from './domain/usage/usage-service.ts';
import type { WorkspaceService } from './domain/workspace/workspace-service.ts';
import type { Clock } from './lib/clock.ts';
import { Hs256Jwt } from './lib/hs256-jwt.ts';
import type { SecretBox } from './lib/secret-box.ts';
import { PgSessionRepo } from './store/auth-sessions-repo.ts';
import { PgCallOutcomeRepo } from './store/call-outcomes-repo.ts';
import type { Db } from './store/db.ts';
import { PgPublishableKeyRepo } from './store/publishable-keys-repo.ts';
import { PgUsageRepo } from './store/usage-repo.ts';

export interface AccountInput {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  workspaces: WorkspaceService;
  auditRepo: AuditRepo;
}

/** Wire workspace-level resources: call outcomes, publishable keys, usage, audit log, dashboard sessions. */
export function composeAccount(input: AccountInput) {
  const { db, clock, workspaces } = input;
  const callOutcomes = new CallOutcomeService(new PgCallOutcomeRepo(db));
  const publishableKeys = new PublishableKeyService(new PgPublishableKeyRepo(db), workspaces);
  const usage = new UsageService(new PgUsageRepo(db), clock);
  const audit = new AuditService(input.auditRepo);
  const sessions = new SessionService(
    new PgSessionRepo(db),
    dashboardSessionTokens(input.secrets),
    workspaces,
    clock,
  );
  return { callOutcomes, publishableKeys, usage, audit, sessions };
}

/** Session JWTs signed with a key derived from the server secret, so every node verifies every token. */
export function dashboardSessionTokens(secrets: SecretBox): Hs256Jwt {
  const key = Buffer.from(secrets.sign('dashboard-session', 'hs256-key-v1'), 'base64url');
  return new Hs256Jwt(key, 'parley', 'parley:dashboard');
}
