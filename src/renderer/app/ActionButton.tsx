import { shortcutText, type Action } from './actions';

interface Props<C> {
  action: Action<C>;
  ctx: C;
  className?: string;
  /** Overrides the action's label (e.g. with a count). */
  children?: React.ReactNode;
  pressed?: boolean;
}

/** A button for an action: its label, its first shortcut, disabled when the action does not apply. */
export function ActionButton<C>({ action, ctx, className, children, pressed }: Props<C>) {
  const key = action.keys?.[0];
  return (
    <button
      className={className}
      disabled={!(action.enabled?.(ctx) ?? true)}
      aria-pressed={pressed}
      aria-keyshortcuts={key ? shortcutText(key, false).replace('Ctrl', 'Control') : undefined}
      title={key ? `${action.label} (${shortcutText(key)})` : action.label}
      onClick={() => void action.perform(ctx)}
    >
      {children ?? action.label}
      {key && <kbd>{shortcutText(key)}</kbd>}
    </button>
  );
}
