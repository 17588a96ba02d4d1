import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from '../lib/router.ts';
import { Icon } from './icons.tsx';
import { Link } from './link.tsx';

const nav: { href: string; label: string; icon: string }[] = [
  { href: '/agents', label: 'Agents', icon: 'agents' },
  { href: '/talk', label: 'Talk to agent', icon: 'talk' },
  { href: '/simulate', label: 'Simulate', icon: 'simulate' },
  { href: '/calls', label: 'Calls', icon: 'calls' },
  { href: '/phone-numbers', label: 'Phone numbers', icon: 'numbers' },
  { href: '/knowledge-bases', label: 'Knowledge bases', icon: 'kb' },
  { href: '/tools', label: 'Tools', icon: 'tools' },
  { href: '/webhooks', label: 'Webhooks', icon: 'webhooks' },
  { href: '/outcomes', label: 'Outcomes', icon: 'outcomes' },
  { href: '/integrations', label: 'Integrations', icon: 'integrations' },
  { href: '/keys', label: 'API keys', icon: 'keys' },
  { href: '/usage', label: 'Usage', icon: 'usage' },
];

/** Sidebar navigation (a menu button at phone width), the workspace name and sign-out. */
export function Layout({
  workspace,
  onSignOut,
  children,
}: {
  workspace: string;
  onSignOut: () => void;
  children: ComponentChildren;
}) {
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);
  useEffect(() => {
    if (!menuOpen) return;
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && setMenuOpen(false);
    window.addEventListener('keydown', esc);
    return () => window.removeEventListener('keydown', esc);
  }, [menuOpen]);
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <button
          type="button"
          class="btn btn-icon menu-button"
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <span aria-hidden="true">☰</span>
          <span class="sr-only">Menu</span>
        </button>
        <Link href="/agents" class="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>Parley</span>
        </Link>
        <div class="topbar-right">
          <span class="workspace" title="Workspace" data-testid="workspace-name">
            {workspace}
          </span>
          <a class="btn btn-ghost btn-small hide-narrow" href="/docs" target="_blank" rel="noreferrer">
            API docs
          </a>
          <button type="button" class="btn btn-small" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <nav id="sidebar" class={`sidebar${menuOpen ? ' open' : ''}`} aria-label="Main">
        <ul>
          {nav.map((n) => {
            const active = path === n.href || path.startsWith(`${n.href}/`);
            return (
              <li key={n.href}>
                <Link
                  href={n.href}
                  class={active ? 'active' : undefined}
                  aria-current={active ? 'page' : undefined}
                >
                  <Icon name={n.icon} />
                  {n.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {/* Tap outside the open drawer to close it (Escape does the same from the keyboard). */}
      {menuOpen ? <div class="scrim" aria-hidden="true" onClick={() => setMenuOpen(false)} /> : null}
      <main id="main" class="main">
        {children}
      </main>
    </div>
  );
}
