/**
 * This desk's passage, as main keeps it. A scan typed or wedged here is sent as `passage.addScan`;
 * a scan from a device reader goes into the passage in main, which tells this desk with
 * `passage.updated`. The renderer only shows the latest view and the notice that came with it.
 *
 * Every update carries main's revision of this desk's passage (`update-gate.ts` decides what is
 * shown: never an older one than shown). A new passage tells main the revision shown, so a device
 * scan main took after it lands in the new passage; updates heard while main has not answered yet
 * are held, then shown if newer.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PassageUpdate, PassageView } from '../../../core/ipc';
import type { AppError, CommandInput } from '../../lib/api';
import { call, useEvent } from '../../lib/api';
import { playCue } from '../../lib/sound';
import { isIncomplete } from './format';
import { createUpdateGate, type UpdateGate } from './update-gate';

export type ScanSource = 'wedge' | 'hid' | 'serial' | 'camera' | 'manual';
export interface PassageScan {
  source: ScanSource;
  raw: string;
  at: number;
  /** A camera MRZ the officer corrected on the keyboard. */
  corrected?: boolean;
}
export type ManualDocument = CommandInput<'passage.addManual'>['manualDocument'];

export type Notice = 'duplicateScan' | 'newPassageStarted' | 'tooManyScans' | 'passageResumed' | 'layoutMismatch' | null;

export interface PassageState {
  view: PassageView | null;
  busy: boolean;
  error: AppError | null;
  notice: Notice;
}

const EMPTY: PassageState = { view: null, busy: false, error: null, notice: null };

/** The sound of a new view: the verdict once complete, a click (or an error) while scans are missing. */
function cueFor(view: PassageView): void {
  const lastScan = view.scans[view.scans.length - 1];
  if (isIncomplete(view)) playCue(lastScan && !lastScan.valid ? 'error' : 'scan');
  else playCue(view.verdict);
}

export function usePassage() {
  const [state, setState] = useState<PassageState>(EMPTY);
  const seq = useRef(0);
  const gate = useRef<UpdateGate>(createUpdateGate());

  /** Shows an update that passed the gate. */
  const apply = useCallback((update: PassageUpdate, extra: Notice = null) => {
    if (update.notice === 'duplicateScan') {
      setState((s) => ({ ...s, busy: false, notice: 'duplicateScan' }));
      return;
    }
    if (update.view) cueFor(update.view);
    setState((s) => ({ ...s, view: update.view ?? s.view, busy: false, error: null, notice: update.notice ?? extra }));
  }, []);

  const send = useCallback(
    async (run: () => ReturnType<typeof call<'passage.addScan'>>, extra: Notice) => {
      const mine = ++seq.current;
      setState((s) => ({ ...s, busy: true, error: null }));
      const result = await run();
      if (mine !== seq.current) return;
      if (!result.ok) {
        playCue('error');
        setState((s) => ({ ...s, busy: false, error: result.error }));
        return;
      }
      const shown = gate.current.answered(result.value);
      if (shown) apply(shown, extra);
      else setState((s) => ({ ...s, busy: false }));
    },
    [apply],
  );

  // The desk's passage when it opens: after a reload main still has it; after a restart or a new
  // sign-in, the passage this user left open here comes back with the notice `passageResumed`.
  useEffect(() => {
    void call('passage.current', {}).then((r) => {
      const shown = r.ok ? gate.current.answered(r.value) : null;
      if (!shown?.view) return;
      const { view, notice } = shown;
      setState((s) => (s.view ? s : { ...s, view, notice }));
    });
  }, []);

  // A device reader's scan, already in the passage.
  useEvent('passage.updated', (update) => {
    const shown = gate.current.heard(update);
    if (!shown) return;
    seq.current++;
    apply(shown);
  });

  const addScan = useCallback(
    (scan: PassageScan, extra: Notice = null) => {
      void send(
        () => call('passage.addScan', { source: scan.source, raw: scan.raw, ...(scan.corrected ? { corrected: true } : {}) }),
        extra,
      );
    },
    [send],
  );

  const setManual = useCallback(
    (manual: ManualDocument) => {
      void send(() => call('passage.addManual', { manualDocument: manual }), null);
    },
    [send],
  );

  const reset = useCallback(() => {
    seq.current++;
    setState(EMPTY);
    gate.current.newPassageAsked();
    void call('passage.new', { seen: gate.current.shown() }).then((r) => {
      for (const update of gate.current.newPassageAnswered(r.ok ? r.value.update : null)) {
        seq.current++;
        apply(update);
      }
    });
  }, [apply]);

  /** After an action or a refresh: the same passage, newer facts. */
  const replaceView = useCallback((view: PassageView) => {
    setState((s) => (s.view && s.view.passageId !== view.passageId && s.busy ? s : { ...s, view, error: null }));
  }, []);

  /** Opens an existing passage (a supervisor working a referral). */
  const open = useCallback((view: PassageView) => {
    seq.current++;
    setState({ ...EMPTY, view });
  }, []);

  const setNotice = useCallback((notice: Notice) => setState((s) => ({ ...s, notice })), []);

  return { state, addScan, setManual, reset, replaceView, open, setNotice };
}
