/** Go to a screen by its id (the shell follows the hash). */
export function goTo(screen: string): void {
  location.hash = `#/${screen}`;
}

/** An empty screen or list says why, and offers the next step as a button. */
export function EmptyState({ message, action, actionLabel }: { message: string; actionLabel?: string; action?(): void }) {
  return (
    <div className="empty empty-state" role="status">
      <div className="empty-inner">
        <p>{message}</p>
        {action && actionLabel && (
          <button type="button" className="primary" onClick={action}>
            {actionLabel}
          </button>
        )}
      </div>
    </div>
  );
}
