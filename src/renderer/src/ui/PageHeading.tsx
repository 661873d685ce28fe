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
  /**
   * False while the screen is kept mounted but hidden (the send screen keeps its work when the caseworker looks at
   * a case): a hidden screen neither sets the title nor takes focus.
   */
  active?: boolean;
}

export function PageHeading({ children, id, title, takeFocus, active = true }: Props) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (active) document.title = title;
  }, [title, active]);
  useEffect(() => {
    if (takeFocus && active) ref.current?.focus();
  }, [takeFocus, active]);
  return (
    <h2 className="page-heading" id={id} ref={ref} tabIndex={-1}>
      {children}
    </h2>
  );
}
