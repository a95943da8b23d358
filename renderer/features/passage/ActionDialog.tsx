import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A modal form: Enter confirms (also from a checkbox or a radio), Esc cancels, focus starts on
 * the first field. The caller puts focus back on the scan box when it closes.
 */
export function ActionDialog(props: {
  testId: string;
  title: string;
  busy: boolean;
  error: string | null;
  onCancel(): void;
  onSubmit(): void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const onCancel = useRef(props.onCancel);
  onCancel.current = props.onCancel;

  useEffect(() => {
    const d = dialog.current;
    if (!d) return undefined;
    if (!d.open) d.showModal();
    const first = d.querySelector<HTMLElement>('input:not([type=hidden]), textarea, select');
    first?.focus();
    return () => {
      if (d.open) d.close();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className="action-dialog"
      data-testid={props.testId}
      aria-labelledby={`${props.testId}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel.current();
      }}
    >
      {/* Enter on a checkbox or radio submits, as it does in a text field: the dialogs are keyboard-first.
          The handler adds to the native controls inside; it does not make the form itself a control. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions */}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!props.busy) props.onSubmit();
        }}
        onKeyDown={(e) => {
          const target = e.target as HTMLElement;
          if (e.key === 'Enter' && target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio')) {
            e.preventDefault();
            e.currentTarget.requestSubmit();
          }
        }}
      >
        <h2 id={`${props.testId}-title`} className="dialog-title">
          {props.title}
        </h2>
        <div className="dialog-fields">{props.children}</div>
        {props.error ? (
          <p className="message message-error" role="alert" data-testid="dialog-error">
            {props.error}
          </p>
        ) : null}
        <div className="dialog-footer">
          <p className="dialog-keys">{t('passage.dialog.keys', { enter: t('passage.keys.enter'), esc: t('passage.keys.esc') })}</p>
          <div className="dialog-buttons">
            <button type="button" className="button button-secondary" data-testid="dialog-cancel" onClick={() => props.onCancel()}>
              {t('passage.dialog.cancel')}
            </button>
            <button type="submit" className="button button-primary" data-testid="dialog-confirm" disabled={props.busy}>
              {props.busy ? t('passage.dialog.saving') : t('passage.dialog.confirm')}
            </button>
          </div>
        </div>
      </form>
    </dialog>
  );
}

export function Field(props: { id: string; label: string; error?: string | null; children: ReactNode; hint?: string }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.children}
      {props.hint ? <span className="field-hint">{props.hint}</span> : null}
      {props.error ? (
        <span className="field-error" role="alert" data-testid={`${props.id}-error`}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}
