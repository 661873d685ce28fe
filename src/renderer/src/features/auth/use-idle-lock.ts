import { useEffect, useRef } from 'react';

/** What counts as somebody at the window. Mouse movement alone does not: a bumped desk should not keep it open. */
const ACTIVITY = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

/**
 * Calls `onIdle` once after `minutes` without activity in the window. One timer, restarted on each activity; no
 * polling. Off while `minutes` is null (nobody signed in, or the fixed mode).
 */
export function useIdleLock(minutes: number | null, onIdle: () => void): void {
  const latest = useRef(onIdle);
  useEffect(() => {
    latest.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    if (minutes === null) return;
    const ms = minutes * 60_000;
    let timer = window.setTimeout(() => latest.current(), ms);
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => latest.current(), ms);
    };
    const options = { capture: true, passive: true } as const;
    for (const type of ACTIVITY) window.addEventListener(type, restart, options);
    return () => {
      window.clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, restart, options);
    };
  }, [minutes]);
}
