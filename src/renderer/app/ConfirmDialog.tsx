import type { ReactNode } from 'react';
import { Modal } from './Modal';

interface Props {
  title: string;
  children: ReactNode;
  confirmText: string;
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** A modal question with one default button; Esc or the backdrop cancels. */
export function ConfirmDialog({ title, children, confirmText, danger, onConfirm, onCancel }: Props) {
  return (
    <Modal role="alertdialog" labelledBy="confirm-title" onClose={onCancel}>
      {(focusRef) => (
        <>
          <h2 id="confirm-title">{title}</h2>
          <div className="dialog-body">{children}</div>
          <div className="dialog-actions">
            <button onClick={onCancel}>Cancel</button>
            <button ref={focusRef} className={danger ? 'danger' : 'primary'} onClick={onConfirm}>
              {confirmText}
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
