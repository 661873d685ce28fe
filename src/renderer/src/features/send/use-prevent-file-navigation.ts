import { useEffect } from 'react';

/**
 * A file dropped beside the drop zone would make the browser open it in place of the app (in Electron: try to
 * navigate, which the shell refuses). While the send screen is in view such drops do nothing.
 */
export function usePreventFileNavigation(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const stop = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, [active]);
}
