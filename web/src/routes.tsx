import type { ComponentChildren } from 'preact';
import { AgentEditor } from './pages/agents/agent-editor.tsx';
import { AgentsList } from './pages/agents/agents-list.tsx';
import { CallPage } from './pages/calls/call-page.tsx';
import { CallsList } from './pages/calls/calls-list.tsx';
import { KbDetail } from './pages/kb/kb-detail.tsx';
import { KnowledgeBasesPage } from './pages/kb/kb-list.tsx';
import { NumbersPage } from './pages/numbers/numbers-page.tsx';
import { IntegrationsPage } from './pages/settings/integrations-page.tsx';
import { KeysPage } from './pages/settings/keys-page.tsx';
import { OutcomesPage } from './pages/settings/outcomes-page.tsx';
import { UsagePage } from './pages/settings/usage-page.tsx';
import { SimulatePage } from './pages/simulate/simulate-page.tsx';
import { TalkPage } from './pages/talk/talk-page.tsx';
import { ToolsPage } from './pages/tools/tools-page.tsx';
import { WebhookDetail } from './pages/webhooks/webhook-detail.tsx';
import { WebhooksPage } from './pages/webhooks/webhooks-page.tsx';

/** Client routes (first match wins). Parley serves index.html for all of them. */
export const routes: { path: string; render: (p: Record<string, string>) => ComponentChildren }[] = [
  { path: '/agents', render: () => <AgentsList /> },
  { path: '/agents/:id', render: (p) => <AgentEditor key={p.id} id={p.id!} /> },
  { path: '/talk', render: () => <TalkPage /> },
  { path: '/simulate', render: () => <SimulatePage /> },
  { path: '/calls', render: () => <CallsList /> },
  { path: '/calls/:id', render: (p) => <CallPage key={p.id} id={p.id!} /> },
  { path: '/phone-numbers', render: () => <NumbersPage /> },
  { path: '/knowledge-bases', render: () => <KnowledgeBasesPage /> },
  { path: '/knowledge-bases/:id', render: (p) => <KbDetail key={p.id} id={p.id!} /> },
  { path: '/tools', render: () => <ToolsPage /> },
  { path: '/webhooks', render: () => <WebhooksPage /> },
  { path: '/webhooks/:id', render: (p) => <WebhookDetail key={p.id} id={p.id!} /> },
  { path: '/outcomes', render: () => <OutcomesPage /> },
  { path: '/integrations', render: () => <IntegrationsPage /> },
  { path: '/keys', render: () => <KeysPage /> },
  { path: '/usage', render: () => <UsagePage /> },
];
