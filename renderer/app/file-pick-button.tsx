/**
 * A button that opens the browser's file picker (a hidden file input beside it) and hands the
 * chosen file over: how the page opens a session log, a support bundle or a JSON file to import,
 * in web mode and in the Electron window alike. The input is cleared, so the same file can be
 * picked again.
 */
import { useRef } from 'react';

export interface FilePickButtonProps {
  label: string;
  accept: string;
  onFile(file: File): void;
  /** The input's id (tests and labels find it by it). */
  id?: string;
  /** The input's accessible name, when it needs one of its own. */
  inputLabel?: string;
  disabled?: boolean;
}

export function FilePickButton({ label, accept, onFile, id, inputLabel, disabled }: FilePickButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        {...(id ? { id } : {})}
        type="file"
        accept={accept}
        className="visually-hidden"
        tabIndex={-1}
        {...(inputLabel ? { 'aria-label': inputLabel } : {})}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) onFile(file);
        }}
      />
      <button type="button" disabled={disabled} onClick={() => input.current?.click()}>
        {label}
      </button>
    </>
  );
}
