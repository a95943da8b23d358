/**
 * The desk's keyboard: Esc twice starts a new passage, the F-keys open the actions. Only while no
 * dialog has the keyboard.
 */
import { useEffect, useRef, useState } from 'react';
import type { DepartureAction } from '../../../core/ipc';

/** Keyboard shortcut of each action (shown on its button). */
export const ACTION_KEYS: Record<DepartureAction, string> = {
  checkin: 'F2',
  exchange: 'F3',
  pay: 'F4',
  stamp: 'F8',
  settle: 'F9',
  void: 'F10',
};
export const ACTION_ORDER: DepartureAction[] = ['checkin', 'exchange', 'pay', 'stamp', 'settle', 'void'];
/** Two Esc within this time start a new passage. */
const ESC_TWICE_MS = 1500;

export function useDeskKeys(options: { active: boolean; onNewPassage(): void; onAction(action: DepartureAction): void }): {
  escArmed: boolean;
} {
  const { active, onNewPassage, onAction } = options;
  const [escArmed, setEscArmed] = useState(false);
  const escAt = useRef(0);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent): void => {
      if (!active || e.defaultPrevented) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        const now = e.timeStamp;
        if (escArmed && now - escAt.current <= ESC_TWICE_MS) {
          setEscArmed(false);
          onNewPassage();
          return;
        }
        escAt.current = now;
        setEscArmed(true);
        return;
      }
      const action = ACTION_ORDER.find((a) => ACTION_KEYS[a] === e.key);
      if (action) {
        e.preventDefault();
        onAction(action);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, escArmed, onNewPassage, onAction]);

  useEffect(() => {
    if (!escArmed) return undefined;
    const timer = setTimeout(() => setEscArmed(false), ESC_TWICE_MS);
    return () => clearTimeout(timer);
  }, [escArmed]);

  return { escArmed };
}
