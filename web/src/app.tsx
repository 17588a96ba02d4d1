import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, onUnauthorized } from './api/client.ts';
import { Layout } from './components/layout.tsx';
import { Link } from './components/link.tsx';
import { Empty } from './components/states.tsx';
import { Toasts } from './components/toast.tsx';
import { matchPath, navigate, useLocation } from './lib/router.ts';
import { type Credential, clearCredential, loadCredential, saveCredential } from './lib/session.ts';
import { SignIn } from './pages/sign-in.tsx';
import { routes } from './routes.tsx';

function NotFound() {
  return (
    <Empty title="Page not found">
      <Link href="/agents">Go to agents</Link>
    </Empty>
  );
}

function renderRoute(path: string): ComponentChildren {
  for (const r of routes) {
    const params = matchPath(r.path, path);
    if (params) return r.render(params);
  }
  return <NotFound />;
}

/** Signed out: the sign-in page (whatever the URL). Signed in: the shell and the routed page. */
export function App() {
  const [cred, setCred] = useState<Credential | undefined>(loadCredential);
  const { path, query } = useLocation();
  useEffect(
    () =>
      onUnauthorized(() => {
        setCred(undefined);
        navigate(`/sign-in?expired=1&next=${encodeURIComponent(location.pathname)}`, { replace: true });
      }),
    [],
  );
  useEffect(() => {
    if (cred && (path === '/' || path === '/sign-in'))
      navigate(query.get('next') || '/agents', { replace: true });
  }, [cred, path]);

  if (!cred)
    return (
      <>
        <SignIn
          expired={query.get('expired') === '1'}
          onSignedIn={(c) => {
            saveCredential(c);
            setCred(c);
          }}
        />
        <Toasts />
      </>
    );
  return (
    <>
      <Layout
        workspace={cred.workspaceName}
        onSignOut={() => {
          if (cred.kind === 'session') void api('POST', '/v1/auth/logout').catch(() => undefined);
          clearCredential();
          setCred(undefined);
          navigate('/sign-in', { replace: true });
        }}
      >
        {renderRoute(path)}
      </Layout>
      <Toasts />
    </>
  );
}
