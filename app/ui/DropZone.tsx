import { useRef, useState, type ReactNode } from 'react';

interface DropZoneProps {
  /** What the zone accepts, for the file picker (`.tflite,.json,.bin`). */
  accept?: string;
  multiple?: boolean;
  label: ReactNode;
  testId?: string;
  disabled?: boolean;
  onFiles(files: File[]): void;
}

/** A place to drop files, which is also a button that opens the file picker. */
export function DropZone({
  accept,
  multiple,
  label,
  testId,
  disabled,
  onFiles,
}: DropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  return (
    <div
      className={[
        'drop-zone',
        over && 'drop-zone--over',
        disabled && 'drop-zone--disabled',
      ]
        .filter(Boolean)
        .join(' ')}
      data-testid={testId}
      role="button"
      tabIndex={0}
      onClick={() => !disabled && input.current?.click()}
      onKeyDown={(event) => {
        if (!disabled && (event.key === 'Enter' || event.key === ' '))
          input.current?.click();
      }}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const files = Array.from(event.dataTransfer.files);
        if (!disabled && files.length > 0) onFiles(files);
      }}
    >
      {label}
      <input
        ref={input}
        type="file"
        hidden
        accept={accept}
        multiple={multiple}
        data-testid={testId ? `${testId}-input` : undefined}
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          event.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </div>
  );
}
