import type { ReactNode } from 'react';

interface Props {
  id: string;
  number: number;
  title: string;
  children: ReactNode;
  className?: string;
}

/** One numbered step of the send screen, so the order of the work is visible at a glance. */
export function Step({ id, number, title, children, className }: Props) {
  return (
    <section className={`step${className ? ` ${className}` : ''}`} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="step-heading" tabIndex={-1}>
        <span className="step__number" aria-hidden="true">
          {number}
        </span>
        {title}
      </h3>
      {children}
    </section>
  );
}
