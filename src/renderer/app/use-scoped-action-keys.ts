import { useEffect } from 'react';
import { useActionKeys, type Action } from './actions';

/**
 * Runs a screen's actions for key presses inside `root`, and for those with nothing focused
 * (the body): after the focused cell leaves a filtered grid, or a picker closes, the focus falls
 * back to the body and Ctrl+Z or a label key must still work. A window listener, so it does not
 * depend on which element inside the screen holds the focus.
 */
export function useScopedActionKeys<C>(actions: readonly Action<C>[], ctx: C, root: React.RefObject<HTMLElement | null>): void {
  const onKey = useActionKeys(actions, ctx);
  useEffect(() => {
    const listener = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = e.target as Node | null;
      if (target === document.body || target === document.documentElement || (!!target && !!root.current?.contains(target))) onKey(e);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [onKey, root]);
}
