import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** For `aria-labelledby` on the screen's section. */
  id?: string;
  /** The document title for this screen. */
  title: string;
  /**
   * Move keyboard focus here when the screen opens, so a keyboard or screen-reader user starts at the new content
   * rather than at the link they just used. Off for the first screen, where focus belongs to the browser.
   */
  takeFocus: boolean;
}

export function PageHeading({ children, id, title, takeFocus }: Props) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = title;
  }, [title]);
  useEffect(() => {
    if (takeFocus) ref.current?.focus();
  }, [takeFocus]);
  return (
    <h2 className="page-heading" id={id} ref={ref} tabIndex={-1}>
      {children}
    </h2>
  );
}
