import { useEffect, useState } from 'react';

/** Whole seconds left until `deadline` (this window's clock), updated a few times a second; 0 once it has passed. */
export function useCountdown(deadline: number | null): number {
  const left = () => (deadline === null ? 0 : Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
  const [seconds, setSeconds] = useState(left);
  useEffect(() => {
    setSeconds(left());
    if (deadline === null) return;
    const timer = window.setInterval(() => {
      const s = left();
      setSeconds(s);
      if (s === 0) window.clearInterval(timer);
    }, 250);
    return () => window.clearInterval(timer);
    // `left` reads only `deadline`.
  }, [deadline]);
  return seconds;
}
