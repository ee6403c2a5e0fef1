import { useEffect } from 'react';

/**
 * Gives a screen's root the keyboard focus when it appears (unless a field has it), so its
 * shortcuts work at once: after a click on its tab, the focus would otherwise stay on the tab.
 */
export function useFocusOnMount(root: React.RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const active = document.activeElement as HTMLElement | null;
    if (active && (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA' || active.tagName === 'SELECT')) return;
    root.current?.focus({ preventScroll: true });
  }, [root]);
}
