import { useState, type ReactNode } from 'react';

interface ConfirmButtonProps {
  label: ReactNode;
  /** The question asked before acting: `Delete class hat and its 30 images?` */
  question: ReactNode;
  confirmLabel: string;
  testId?: string;
  disabled?: boolean;
  onConfirm(): void;
}

/** A button that asks once, in place, before it acts. */
export function ConfirmButton(props: ConfirmButtonProps) {
  const { label, question, confirmLabel, testId, disabled, onConfirm } = props;
  const [asking, setAsking] = useState(false);

  if (!asking) {
    return (
      <button
        type="button"
        data-testid={testId}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="ds-confirm" role="alertdialog" data-testid="confirm">
      <span>{question}</span>
      <button
        type="button"
        className="ds-danger"
        data-testid="confirm-yes"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" data-testid="confirm-no" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
