import type { ComponentChildren, JSX } from 'preact';
import { linkClick } from '../lib/router.ts';

type Props = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'> & {
  href: string;
  children: ComponentChildren;
};

/** An in-app link: a real `<a href>` (open in new tab works) that navigates without a reload. */
export function Link({ href, children, ...rest }: Props) {
  return (
    <a href={href} onClick={(e) => linkClick(e as unknown as MouseEvent, href)} {...rest}>
      {children}
    </a>
  );
}
