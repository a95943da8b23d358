/**
 * The scan box: what is typed or wedged into it is its own state, so a keystroke re-renders this
 * box only, never the desk around it (an 860-character PV QR is 860 keystrokes). A completed scan,
 * from the wedge detector or from Enter, goes to `onScan` and the box is cleared.
 */
import { memo, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { WedgeScan } from '../../../core/devices/wedge';
import { useWedge } from './use-wedge';

export interface ScanBoxProps {
  inputRef: RefObject<HTMLInputElement | null>;
  /** False while a dialog has the keyboard. */
  active: boolean;
  /** The line under the box (hint, notice, "Esc again"). */
  hint: ReactNode;
  onWedgeScan(raw: string, scan: WedgeScan): void;
  onManualScan(raw: string): void;
}

export const ScanBox = memo(function ScanBox({ inputRef, active, hint, onWedgeScan, onManualScan }: ScanBoxProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');

  useWedge({
    scanInput: inputRef,
    active,
    onScan: (raw, scan) => {
      setValue('');
      onWedgeScan(raw, scan);
    },
  });

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.nativeEvent.defaultPrevented) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      const raw = e.currentTarget.value.trim();
      if (raw.length === 0) return;
      setValue('');
      onManualScan(raw);
    } else if (e.key === 'Escape' && e.currentTarget.value !== '') {
      e.preventDefault();
      setValue('');
    }
  }

  return (
    <section className="scan-panel" aria-labelledby="scan-label">
      <label id="scan-label" htmlFor="scan-input" className="scan-label">
        {t('desk.scanLabel')}
      </label>
      <input
        id="scan-input"
        ref={inputRef}
        data-testid="scan-input"
        className="scan-input"
        type="text"
        dir="ltr"
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        placeholder={t('desk.scanPlaceholder')}
        aria-describedby="scan-hint"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <p id="scan-hint" className="scan-hint">
        {hint}
      </p>
    </section>
  );
});
