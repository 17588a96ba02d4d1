import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { FormError, TextField } from '../components/form.tsx';
import { loadRoutes } from '../lib/capabilities.tsx';
import type { Credential } from '../lib/session.ts';
import { useAction } from '../lib/use-api.ts';

/** Sign in with a secret key; it is checked with GET /v1/auth/me and kept only for this tab. */
export function SignIn({ onSignedIn, expired }: { onSignedIn: (c: Credential) => void; expired: boolean }) {
  const [key, setKey] = useState('');
  const signIn = useAction(async () => {
    const secret = key.trim();
    // Exchange the key for a session token when the server can, so the key itself is never stored.
    const routes = await loadRoutes();
    const session = routes.has('POST /v1/auth/login')
      ? await api<{ access_token: string }>('POST', '/v1/auth/login', {
          body: { api_key: secret },
          token: '',
        })
      : undefined;
    const token = session?.access_token ?? secret;
    const me = await api<Me>('GET', '/v1/auth/me', { token });
    onSignedIn({
      token,
      kind: session ? 'session' : 'key',
      workspaceName: me.workspace_name,
      keyId: me.key_id,
    });
  });
  return (
    <main class="signin" id="main">
      <form
        class="signin-card"
        onSubmit={(e) => {
          e.preventDefault();
          void signIn.run();
        }}
      >
        <div class="signin-brand">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <h1>Sign in to Parley</h1>
        </div>
        {expired ? (
          <p class="banner banner-warn" role="status">
            Your key was rejected (revoked or wrong). Sign in again.
          </p>
        ) : null}
        <TextField
          label="Secret API key"
          type="password"
          autoComplete="off"
          placeholder="oi_sk_…"
          value={key}
          onInput={setKey}
          required
          hint={
            <>
              The key printed on first start (also in <code>data/admin-key</code>), or one from{' '}
              <code>npm run cli -- keys create</code>. It is exchanged for a session kept in this tab only,
              which ends when you close the tab or sign out.
            </>
          }
        />
        <FormError error={signIn.error} />
        <button type="submit" class="btn btn-primary btn-block" disabled={signIn.busy || !key.trim()}>
          {signIn.busy ? 'Checking…' : 'Sign in'}
        </button>
        <p class="signin-foot">
          <a href="/docs">API reference</a>
        </p>
      </form>
    </main>
  );
}
