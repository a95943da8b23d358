/**
 * The current passage: the scans gathered so far (any source), the optional manual LPC, and the
 * latest view from main. Each new scan makes exactly one `departures.verify` call with every scan
 * of the passage; answers that arrive out of order are ignored.
 */
import { useCallback, useRef, useState } from 'react';
import type { PassageView } from '../../../core/ipc';
import type { AppError, CommandInput } from '../../lib/api';
import { call } from '../../lib/api';
import { playCue } from '../../lib/sound';
import { isIncomplete } from './format';

export type ScanSource = 'wedge' | 'hid' | 'serial' | 'camera' | 'manual';
export interface PassageScan {
  source: ScanSource;
  raw: string;
  at: number;
}
export type ManualDocument = NonNullable<CommandInput<'departures.verify'>['manualDocument']>;

export type Notice = 'duplicateScan' | 'newPassageStarted' | 'tooManyScans' | 'layoutMismatch' | null;

export interface PassageState {
  scans: PassageScan[];
  manual: ManualDocument | null;
  view: PassageView | null;
  busy: boolean;
  error: AppError | null;
  notice: Notice;
}

const MAX_SCANS = 8;
const EMPTY: PassageState = { scans: [], manual: null, view: null, busy: false, error: null, notice: null };

/** A passage whose work is over: the next scan starts a new one. */
export function isFinished(view: PassageView | null, role: string): boolean {
  const tl = view?.timeline;
  if (!tl) return false;
  if (tl.stamp) return true;
  return role === 'escort' && Boolean(tl.checkin && tl.exchange && tl.perDiem);
}

/** Keeps what still counts: the latest scan of each kind (as main classified them), at most 8. */
export function pruneScans(scans: PassageScan[], view: PassageView | null): PassageScan[] {
  if (!view) return scans.slice(-MAX_SCANS);
  const kinds: (string | null)[] = scans.map((_, i) => view.scans[i]?.kind ?? null);
  const kept = scans.filter((_, i) => {
    const kind = kinds[i] ?? null;
    if (kind === null) return true;
    if (kind === 'unknown') return false;
    return !kinds.slice(i + 1).includes(kind);
  });
  return kept.slice(-MAX_SCANS);
}

export function usePassage(role: string) {
  const [state, setState] = useState<PassageState>(EMPTY);
  const ref = useRef(state);
  ref.current = state;
  const seq = useRef(0);

  const verify = useCallback(async (scans: PassageScan[], manual: ManualDocument | null, notice: Notice) => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, scans, manual, busy: true, error: null, notice }));
    const input: CommandInput<'departures.verify'> = { scans: scans.map(({ source, raw }) => ({ source, raw })) };
    if (manual) input.manualDocument = manual;
    const result = await call('departures.verify', input);
    if (mine !== seq.current) return;
    if (!result.ok) {
      playCue('error');
      setState((s) => ({ ...s, busy: false, error: result.error }));
      return;
    }
    const view = result.value;
    const lastScan = view.scans[view.scans.length - 1];
    if (isIncomplete(view)) playCue(lastScan && !lastScan.valid ? 'error' : 'scan');
    else playCue(view.verdict);
    setState((s) => ({ ...s, view, busy: false, scans: pruneScans(s.scans, view) }));
  }, []);

  const addScan = useCallback(
    (scan: PassageScan, extra: Notice = null) => {
      const current = ref.current;
      let base = current.scans;
      let manual = current.manual;
      let notice: Notice = extra;
      if (isFinished(current.view, role)) {
        base = [];
        manual = null;
        notice = 'newPassageStarted';
      } else if (base.some((s) => s.raw === scan.raw)) {
        setState((s) => ({ ...s, notice: 'duplicateScan' }));
        return;
      }
      let scans = [...base, scan];
      if (scans.length > MAX_SCANS) {
        scans = scans.slice(-MAX_SCANS);
        notice = 'tooManyScans';
      }
      void verify(scans, manual, notice);
    },
    [role, verify],
  );

  const setManual = useCallback(
    (manual: ManualDocument) => {
      const current = ref.current;
      const scans = isFinished(current.view, role) ? [] : current.scans;
      void verify(scans, manual, null);
    },
    [role, verify],
  );

  const reset = useCallback(() => {
    seq.current++;
    setState(EMPTY);
  }, []);

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
