import { useState, type ChangeEvent, type DragEvent } from 'react';
import { useMessages } from '../../i18n';

interface Props {
  /** Compact once a document is in: the zone then replaces it. */
  hasDocument: boolean;
  disabled: boolean;
  onFile: (file: File) => void;
}

/**
 * Drop a PDF here, or choose it with a real file input (keyboard: Tab to "Vælg fil", Enter or Space). One file at a
 * time: a letter is checked against one case and its recipients.
 */
export function DropZone({ hasDocument, disabled, onFile }: Props) {
  const t = useMessages().send.drop;
  const [over, setOver] = useState(false);
  const [manyFiles, setManyFiles] = useState(false);

  const take = (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    setManyFiles(files.length > 1);
    onFile(file);
  };

  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    if (!disabled) setOver(true);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    if (!disabled) take(e.dataTransfer.files);
  };
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    take(e.target.files);
    // The same file chosen again (after fixing it on disk) must fire a change event again.
    e.target.value = '';
  };

  const className = [
    'drop-zone',
    hasDocument ? 'drop-zone--compact' : '',
    over ? 'drop-zone--over' : '',
    disabled ? 'drop-zone--disabled' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div
      className={className}
      onDragOver={onDragOver}
      onDragEnter={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="drop-zone"
    >
      <p className="drop-zone__text" id="drop-zone-text">
        {hasDocument ? t.replaceText : t.text}
      </p>
      <div className="drop-zone__actions">
        <input
          id="document-file"
          className="file-input"
          type="file"
          accept=".pdf,application/pdf"
          onChange={onChange}
          disabled={disabled}
          aria-describedby="drop-zone-text drop-zone-hint"
        />
        <label htmlFor="document-file" className="button file-input__label">
          {hasDocument ? t.chooseAnother : t.choose}
        </label>
      </div>
      <p className="hint" id="drop-zone-hint">
        {t.hint}
      </p>
      {manyFiles ? <p className="hint">{t.oneAtATime}</p> : null}
    </div>
  );
}
