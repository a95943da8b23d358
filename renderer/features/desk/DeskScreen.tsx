import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepartureAction, PassageView, Session } from '../../../core/ipc';
import { i18n, runtimeKey } from '../../i18n';
import { useFormatter } from '../../i18n/format';
import type { AppError } from '../../lib/api';
import { call, useEvent } from '../../lib/api';
import { onCue, playCue, type Cue } from '../../lib/sound';
import { ActionForm } from '../passage/ActionForms';
import { BeneficiaryCard } from '../passage/BeneficiaryCard';
import { isIncomplete, showControls } from '../passage/format';
import { ManualLpcForm } from '../passage/ManualLpcForm';
import { errorMessage } from '../passage/messages';
import { noticeKey } from '../passage/notice-messages';
import { ReferralQueue } from '../passage/ReferralQueue';
import { RuleList } from '../passage/RuleList';
import { Timeline } from '../passage/Timeline';
import { usePassage, type ScanSource } from '../passage/use-passage';
import { ScanBox } from '../passage/ScanBox';
import { ACTION_KEYS, ACTION_ORDER, useDeskKeys } from '../passage/use-desk-keys';
import type { WedgeScan } from '../../../core/devices/wedge';
import { VerdictBanner } from '../passage/VerdictBanner';
import { ReceiptButtons } from '../receipts/ReceiptButtons';
import '../../styles/passage.css';

const CameraView = lazy(() => import('../camera/CameraView').then((m) => ({ default: m.CameraView })));

interface Scan {
  raw: string;
  source: ScanSource;
  at: number;
}

type Dialog = { kind: 'action'; action: DepartureAction } | { kind: 'manual' } | null;

interface AlreadyPaid {
  by: string;
  at: number;
  post: string;
}

export function DeskScreen({ session }: { session?: Session } = {}) {
  const { t } = useTranslation();
  const role = session?.user.role ?? 'officer';
  const [last, setLast] = useState<Scan | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [camera, setCamera] = useState(false);
  const [cue, setCue] = useState<Cue | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [paidHere, setPaidHere] = useState<string | null>(null);
  const [paidElsewhere, setPaidElsewhere] = useState<AlreadyPaid | null>(null);
  const [referralsKey, setReferralsKey] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const { state, addScan, setManual, reset, replaceView, open, setNotice } = usePassage();
  const view = state.view;
  const f = useFormatter();

  useEffect(() => onCue(setCue), []);

  const focusBox = useCallback(() => {
    requestAnimationFrame(() => inputRef.current?.focus());
  }, []);

  useEffect(() => {
    if (dialog === null) focusBox();
  }, [dialog, focusBox]);

  // A new passage forgets what was said about the previous one. A per diem paid at this desk is
  // "paid here" only in the passage that paid it: a rescan of the same person says it was paid.
  useEffect(() => {
    setActionError(null);
    setPaidElsewhere(null);
    setPaidHere(null);
  }, [view?.passageId]);

  const receive = useCallback(
    (scan: Scan, notice: 'layoutMismatch' | null = null) => {
      setLast(scan);
      addScan(scan, notice);
    },
    [addScan],
  );

  const onWedgeScan = useCallback(
    (raw: string, scan: WedgeScan) =>
      receive({ raw, source: 'wedge', at: Date.now() }, scan.layout === 'ambiguous' ? 'layoutMismatch' : null),
    [receive],
  );
  const onManualScan = useCallback((raw: string) => receive({ raw, source: 'manual', at: Date.now() }), [receive]);

  // Scans from HID or serial readers go into the passage in main (passage.updated); the desk
  // shows them as the last scan.
  useEvent('scanner.scanned', (payload) => {
    setLast({ raw: payload.raw, source: payload.source, at: payload.at });
  });

  const newPassage = useCallback(() => {
    reset();
    setLast(null);
    setPaidHere(null);
    setPaidElsewhere(null);
    setActionError(null);
    focusBox();
  }, [reset, focusBox]);

  const openAction = useCallback(
    (action: DepartureAction) => {
      if (!view || !view.actions.includes(action)) return;
      if (action === 'checkin' && !view.boardingPass) {
        setActionError(t('passage.actions.needsBoardingPass'));
        playCue('error');
        return;
      }
      setActionError(null);
      setDialog({ kind: 'action', action });
    },
    [view, t],
  );

  // Esc twice: new passage. F-keys: actions. Only while no dialog has the keyboard.
  const { escArmed } = useDeskKeys({ active: dialog === null, onNewPassage: newPassage, onAction: openAction });

  // An officer waiting on a referral sees the supervisor's decision arrive.
  const waitingOnSupervisor =
    view !== null && view.verdict === 'REFER' && view.settlement === null && role !== 'supervisor' && !isIncomplete(view);
  useEvent('referral.settled', (event) => {
    if (!waitingOnSupervisor || !view || event.pvNumber !== view.pv?.pvNumber) return;
    void call('departures.view', { passageId: view.passageId }).then((r) => {
      if (r.ok && r.value.settlement) {
        replaceView(r.value);
        playCue(r.value.settlement.decision === 'allow' ? 'ALLOW' : 'DENY');
      }
    });
  });

  const refresh = useCallback(async () => {
    if (!view) return;
    const r = await call('departures.view', { passageId: view.passageId });
    if (r.ok) replaceView(r.value);
  }, [view, replaceView]);

  function actionDone(action: DepartureAction, next: PassageView): void {
    if (action === 'pay' && next.timeline?.perDiem) setPaidHere(next.timeline.perDiem.id);
    if (action === 'settle' || action === 'void') setReferralsKey((k) => k + 1);
    replaceView(next);
    setDialog(null);
    if (action === 'stamp' || action === 'pay') playCue('ALLOW');
  }

  function alreadyDone(action: DepartureAction, error: AppError): void {
    setDialog(null);
    playCue('error');
    const p = error.params ?? {};
    if (action === 'pay' && typeof p.by === 'string' && typeof p.at === 'number') {
      setPaidElsewhere({ by: p.by, at: p.at, post: typeof p.postCode === 'string' ? p.postCode : '' });
    } else {
      setActionError(errorMessage(t, (k) => i18n.exists(k), f, error));
    }
    void refresh();
  }

  // Scan issues are message keys; their parameters do not always travel with them.
  const issueText = (issue: { code: string; message: string; params?: Record<string, string | number> }) =>
    i18n.exists(issue.message) ? t(runtimeKey(issue.message), issue.params ?? {}).replace(/\s*\{\{\s*\w+\s*\}\}/g, ' …') : issue.code;

  const perDiem = view?.timeline?.perDiem ?? null;
  const alreadyPaid: AlreadyPaid | null =
    paidElsewhere ??
    (perDiem && perDiem.id !== paidHere && role === 'escort' ? { by: perDiem.actorName, at: perDiem.at, post: perDiem.postCode } : null);
  const keys = { enter: t('passage.keys.enter'), esc: t('passage.keys.esc') };

  return (
    <main className="desk-screen passage-screen" data-cue={cue ?? ''} data-role={role}>
      {/* The verdict and what to do in the main column; who stands at the desk and the steps done in
          the side panel beside it, so both stay on a 768 px screen; the camera sits beside the scan box. */}
      <div className="passage-layout">
        <div className="passage-main">
          <div className="desk-top">
            <h1 className="screen-title">{t('desk.title')}</h1>
            <div className="desk-tools">
              <button
                type="button"
                className="button button-secondary"
                data-testid="manual-entry"
                onClick={() => setDialog({ kind: 'manual' })}
              >
                {t('passage.manual.open')}
              </button>
              <button
                type="button"
                className="button button-secondary"
                data-testid="camera-toggle"
                aria-pressed={camera}
                onClick={() => setCamera((c) => !c)}
              >
                {camera ? t('passage.camera.close') : t('passage.camera.open')}
              </button>
              <button type="button" className="button button-secondary" data-testid="new-passage" onClick={newPassage}>
                {t('passage.newPassage')} <kbd dir="ltr">{t('passage.keys.escCap')} ×2</kbd>
              </button>
            </div>
          </div>

          <div className="scan-row">
            <ScanBox
              inputRef={inputRef}
              active={dialog === null}
              onWedgeScan={onWedgeScan}
              onManualScan={onManualScan}
              hint={
                escArmed ? (
                  <strong data-testid="esc-again">{t('passage.escAgain', keys)}</strong>
                ) : state.notice ? (
                  <strong data-testid="passage-notice" data-notice={state.notice}>
                    {t(runtimeKey(noticeKey(state.notice)))}
                  </strong>
                ) : (
                  t('desk.scanHint', keys)
                )
              }
            />

            {camera ? (
              <Suspense fallback={null}>
                <CameraView
                  onScan={(text, scan) =>
                    receive({
                      raw: text,
                      source: 'camera',
                      at: Date.now(),
                      ...(scan.kind === 'mrz' && scan.corrected ? { corrected: true } : {}),
                    })
                  }
                />
              </Suspense>
            ) : null}
          </div>

          {view ? (
            <VerdictBanner view={view} busy={state.busy} />
          ) : (
            <section className="verdict verdict-empty" data-testid="passage-empty" aria-busy={state.busy}>
              <span className="verdict-icon" aria-hidden="true">
                ⌁
              </span>
              <div className="verdict-text">
                <p className="verdict-word">{state.busy ? t('passage.checking') : t('passage.empty.title')}</p>
                <p className="verdict-hint">{t('passage.empty.body')}</p>
              </div>
            </section>
          )}

          {state.error ? (
            <p className="message message-error" role="alert" data-testid="passage-error">
              {errorMessage(t, (k) => i18n.exists(k), f, state.error)}
            </p>
          ) : null}
          {alreadyPaid ? (
            <p className="already-paid" role="alert" data-testid="already-paid">
              {t('passage.alreadyPaid', { by: alreadyPaid.by, at: f.dateTime(alreadyPaid.at), post: alreadyPaid.post })}
            </p>
          ) : null}
          {view?.timeline?.stamp && view.verdict !== 'DENY' ? (
            <p className="departed" data-testid="departed">
              {t('passage.departed')}
            </p>
          ) : null}
          {view ? (
            <section className="actions" aria-label={t('passage.actions.title')}>
              {view.actions.length === 0 ? <p className="muted">{t('passage.actions.none')}</p> : null}
              {ACTION_ORDER.filter((a) => view.actions.includes(a)).map((a) => (
                <button
                  key={a}
                  type="button"
                  className={`button action-button action-${a}`}
                  data-testid={`action-${a}`}
                  aria-keyshortcuts={ACTION_KEYS[a]}
                  aria-disabled={a === 'checkin' && !view.boardingPass ? true : undefined}
                  onClick={() => openAction(a)}
                >
                  {t(`passage.actions.${a}`)} <kbd>{ACTION_KEYS[a]}</kbd>
                </button>
              ))}
              {waitingOnSupervisor ? (
                <p className="waiting" data-testid="waiting-supervisor">
                  {t('passage.waitingSettlement')}{' '}
                  <button type="button" className="link-button" data-testid="refresh" onClick={() => void refresh()}>
                    {t('passage.refresh')}
                  </button>
                </p>
              ) : null}
              {actionError ? (
                <p className="message message-error" role="alert" data-testid="action-error">
                  {actionError}
                </p>
              ) : null}
            </section>
          ) : null}
          <ReceiptButtons view={view} role={role} />
          {view ? <RuleList rules={view.rules} /> : null}
        </div>

        <aside className="passage-side">
          {view ? <BeneficiaryCard view={view} /> : null}
          {view ? <Timeline view={view} /> : null}
          {role === 'supervisor' ? (
            <ReferralQueue
              refreshKey={referralsKey}
              onOpen={(passageId) => {
                void call('departures.view', { passageId }).then((r) => {
                  if (r.ok) open(r.value);
                  else setNotice(null);
                  focusBox();
                });
              }}
            />
          ) : null}
          {view && view.scans.length > 0 ? (
            <section className="panel scans" aria-labelledby="scans-title">
              <h2 id="scans-title" className="panel-title">
                {t('passage.scans.title')}
              </h2>
              <ul className="scan-list">
                {view.scans.map((s, i) => (
                  <li
                    key={i}
                    className={s.valid ? 'scan-ok' : 'scan-bad'}
                    data-testid="passage-scan"
                    data-kind={s.kind}
                    data-valid={s.valid ? 'true' : 'false'}
                    data-corrected={s.corrected ? 'true' : undefined}
                  >
                    <span>{i18n.exists(`passage.scans.kinds.${s.kind}`) ? t(runtimeKey(`passage.scans.kinds.${s.kind}`)) : s.kind}</span>{' '}
                    <span className="muted">{s.valid ? t('passage.scans.valid') : t('passage.scans.invalid')}</span>
                    {!s.valid && s.errors[0] ? <span className="scan-error">{issueText(s.errors[0])}</span> : null}
                    {s.corrected ? (
                      <span className="scan-corrected" data-testid="passage-scan-corrected">
                        {t('passage.scans.corrected')}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section className="last-scan" data-testid="last-scan" aria-live="polite" aria-labelledby="last-scan-title">
            <h2 id="last-scan-title">{t('desk.lastScan')}</h2>
            {last ? (
              <>
                <pre className="last-scan-raw" dir="ltr" data-testid="last-scan-raw">
                  {showControls(last.raw)}
                </pre>
                <p className="last-scan-meta">
                  <span>{t('desk.length', { count: last.raw.length })}</span>
                  <span>{t('desk.source', { source: t(`desk.sources.${last.source}`) })}</span>
                  <span>{t('desk.at', { time: f.timeSeconds(last.at) })}</span>
                </p>
              </>
            ) : (
              <p className="last-scan-empty">{t('desk.noScan')}</p>
            )}
          </section>
        </aside>
      </div>

      {dialog?.kind === 'action' && view ? (
        <ActionForm
          action={dialog.action}
          view={view}
          onDone={(next) => actionDone(dialog.action, next)}
          onCancel={() => setDialog(null)}
          onAlreadyDone={(error) => alreadyDone(dialog.action, error)}
        />
      ) : null}
      {dialog?.kind === 'manual' ? (
        <ManualLpcForm
          onCancel={() => setDialog(null)}
          onSubmit={(doc) => {
            setDialog(null);
            setManual(doc);
          }}
        />
      ) : null}
    </main>
  );
}
