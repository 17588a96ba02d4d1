import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { Link } from './link.tsx';

/**
 * The page title (focused after navigation so screen readers announce the new page), an optional
 * breadcrumb and actions.
 */
export function PageHeader({
  title,
  back,
  actions,
  children,
}: {
  title: ComponentChildren;
  back?: { href: string; label: string };
  actions?: ComponentChildren;
  children?: ComponentChildren;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement?.closest('nav'))
      h1.current?.focus();
    if (typeof title === 'string') document.title = `${title} · Parley`;
  }, [typeof title === 'string' ? title : '']);
  return (
    <header class="page-header">
      <div class="page-heading">
        {back ? (
          <Link href={back.href} class="back-link">
            ← {back.label}
          </Link>
        ) : null}
        <h1 ref={h1} tabIndex={-1}>
          {title}
        </h1>
        {children ? <div class="page-sub">{children}</div> : null}
      </div>
      {actions ? <div class="page-actions">{actions}</div> : null}
    </header>
  );
}

export function Section({
  title,
  actions,
  children,
  id,
}: {
  title?: ComponentChildren;
  actions?: ComponentChildren;
  children: ComponentChildren;
  id?: string;
}) {
  return (
    <section class="card" aria-labelledby={id ? `${id}-title` : undefined}>
      {title || actions ? (
        <header class="card-header">
          {title ? <h2 id={id ? `${id}-title` : undefined}>{title}</h2> : <span />}
          {actions ? <div class="card-actions">{actions}</div> : null}
        </header>
      ) : null}
      {children}
    </section>
  );
}

/** A key/value grid for read-only details. */
export function Details({ items }: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="details">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
