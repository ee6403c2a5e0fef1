import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  role: 'dialog' | 'alertdialog';
  /** id of the element that names the dialog. */
  labelledBy: string;
  className?: string;
  onClose(): void;
  /** Rendered inside; `focusRef` goes on the control that gets the focus first. */
  children(focusRef: React.RefObject<HTMLButtonElement | null>): ReactNode;
}

/** A modal over the app: Esc or a click on the backdrop closes it, and one control gets the focus. */
export function Modal({ role, labelledBy, className, onClose, children }: Props) {
  const focusRef = useRef<HTMLButtonElement>(null);
  useEffect(() => focusRef.current?.focus(), []);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className={className ? `dialog ${className}` : 'dialog'}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        {children(focusRef)}
      </div>
    </div>
  );
}
