/**
 * The flight board (docs/flights.md): today's flights at this post with each beneficiary's
 * progress, counts and time to departure; search by name (Latin or Arabic), PV or document number;
 * opening a beneficiary's passage by hand. Supervisors also set the departure time, close a flight
 * with its no-shows and export the flight report. Keyboard first: `/` goes to the search, the
 * arrow keys move through the results, Enter opens the passage. Re-read on `flights.changed`.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { minutesToDeparture } from '../../../core/flights/board';
import { matchesQuery, nameKeys, parseQuery } from '../../../core/flights/search';
import type { TFunction } from 'i18next';
import type { AppError, Board, BoardBeneficiaryView, FlightView, Role } from '../../../core/ipc';
import { saveExport } from '../supervisor/format';
import { useFormatter } from '../../i18n/format';
import { call, useEvent } from '../../lib/api';
import type { MessageKey } from '../../../core/i18n/messages';
import type { flightMessages } from './messages';
import './flights.css';

/**
 * `t` over the board's own messages (registered in renderer/i18n/index.ts): typed against the
 * flight tree alone, which keeps the app-wide key type within what TypeScript can expand.
 */
type FlightKey = MessageKey<(typeof flightMessages)['fr']>;
type FlightT = (key: FlightKey, params?: Record<string, string | number>) => string;
function useFlightT(): { t: FlightT; loose: TFunction } {
  const { t } = useTranslation();
  return { t: t as unknown as FlightT, loose: t as unknown as TFunction };
}

type NoShowReason = 'didNotCome' | 'withdrew' | 'medical' | 'other';
const REASONS: NoShowReason[] = ['didNotCome', 'withdrew', 'medical', 'other'];
const COUNTS = ['total', 'arrived', 'checkedIn', 'exchanged', 'paid', 'stamped', 'referred', 'refused', 'noShow', 'missing'] as const;
/** How often the time to departure is recomputed. */
const CLOCK_TICK_MS = 30_000;

function useErrorText() {
  const { t, loose } = useFlightT();
  return (error: AppError): string =>
    (error.message.startsWith('flights.errors.') ? loose(error.message, { ...error.params, defaultValue: '' }) : '') ||
    t('flights.errors.failed', { code: error.code });
}

function flightTitle(f: FlightView, t: FlightT): string {
  return f.identity.mode === 'air' ? `${f.identity.carrier} ${f.identity.flightNumber}` : t('flights.land', { route: f.identity.route });
}

function Countdown({ flight, now }: { flight: FlightView; now: number }) {
  const { t } = useFlightT();
  const f = useFormatter();
  const minutes = minutesToDeparture(now, flight.departureAt);
  if (minutes === null || flight.departureAt === null)
    return (
      <span className="flight-countdown muted" data-testid="flight-countdown">
        {t('flights.noDeparture')}
      </span>
    );
  const abs = Math.abs(minutes);
  const parts = { hours: f.integer(Math.floor(abs / 60)), minutes: f.integer(abs % 60) };
  return (
    <span className={`flight-countdown${minutes < 60 ? ' soon' : ''}`} data-testid="flight-countdown">
      {t('flights.departureAt', { time: f.time(flight.departureAt) })} · {t(minutes >= 0 ? 'flights.inMinutes' : 'flights.gone', parts)}
    </span>
  );
}

function ReasonSelect(props: { value: NoShowReason; disabled?: boolean; onChange: (r: NoShowReason) => void; testId: string }) {
  const { t } = useFlightT();
  return (
    <select
      value={props.value}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value as NoShowReason)}
      data-testid={props.testId}
    >
      {REASONS.map((r) => (
        <option key={r} value={r}>
          {t(`flights.reasons.${r}`)}
        </option>
      ))}
    </select>
  );
}

/** Marks one beneficiary as a no-show before the flight is closed (supervisor). */
function MarkNoShow({ flight, b, onDone }: { flight: FlightView; b: BoardBeneficiaryView; onDone: () => void }) {
  const { t } = useFlightT();
  const errorText = useErrorText();
  const [reason, setReason] = useState<NoShowReason>('didNotCome');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (reason === 'other' && note.trim().length < 3) return setError(t('flights.noteRequired'));
    const r = await call('flights.markNoShow', { flightKey: flight.key, pvNumber: b.pvNumber, reason, note: note.trim() });
    if (!r.ok) return setError(r.error.message === 'noteRequired' ? t('flights.noteRequired') : errorText(r.error));
    onDone();
  };
  const id = `mark-${flight.key}-${b.pvNumber}`;
  return (
    <section className="flight-close" role="dialog" aria-labelledby={id} data-testid="flight-mark-dialog">
      <h3 id={id}>
        {t('flights.markTitle')} ·{' '}
        <bdi>
          <span className="flight-surname">{b.surname.toUpperCase()}</span> {b.givenNames}
        </bdi>{' '}
        · <bdi>{b.pvNumber}</bdi>
      </h3>
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <label>
          {t('flights.reason')} <ReasonSelect value={reason} onChange={setReason} testId="flight-mark-reason" />
        </label>
        {reason === 'other' && (
          <label>
            {t('flights.note')}{' '}
            <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="flight-mark-note" />
          </label>
        )}
        <FormEnd testId="flight-mark" error={error} confirm={t('flights.confirmMark')} cancel={t('flights.cancel')} onCancel={onDone} />
      </form>
    </section>
  );
}

/** The end of a board form: its error, if any, and the confirm and cancel buttons (`{testId}-error`, `-confirm`, `-cancel`). */
function FormEnd(props: { testId: string; error: string | null; confirm: string; cancel: string; onCancel: () => void }) {
  return (
    <>
      {props.error && (
        <p role="alert" className="flight-error" data-testid={`${props.testId}-error`}>
          {props.error}
        </p>
      )}
      <div className="flight-actions">
        <button type="submit" className="button button-danger" data-testid={`${props.testId}-confirm`}>
          {props.confirm}
        </button>
        <button type="button" className="button button-secondary" onClick={props.onCancel} data-testid={`${props.testId}-cancel`}>
          {props.cancel}
        </button>
      </div>
    </>
  );
}

/** Reopens a closed flight, with the reason (supervisor). */
function ReopenFlight({ flight, onDone }: { flight: FlightView; onDone: () => void }) {
  const { t } = useFlightT();
  const errorText = useErrorText();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (reason.trim().length < 3) return setError(t('flights.reasonRequired'));
    const r = await call('flights.reopen', { flightKey: flight.key, reason: reason.trim() });
    if (!r.ok) return setError(r.error.message === 'reasonTooShort' ? t('flights.reasonRequired') : errorText(r.error));
    onDone();
  };
  return (
    <section className="flight-close" role="dialog" aria-labelledby={`reopen-${flight.key}`} data-testid="flight-reopen-dialog">
      <h3 id={`reopen-${flight.key}`}>{t('flights.reopenTitle', { flight: flightTitle(flight, t) })}</h3>
      <p className="muted">{t('flights.reopenHint')}</p>
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        <label>
          {t('flights.reopenReason')}{' '}
          <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="flight-reopen-reason" />
        </label>
        <FormEnd testId="flight-reopen" error={error} confirm={t('flights.confirmReopen')} cancel={t('flights.cancel')} onCancel={onDone} />
      </form>
    </section>
  );
}

function CloseFlight({ flight, onDone }: { flight: FlightView; onDone: (message: string | null) => void }) {
  const { t } = useFlightT();
  const errorText = useErrorText();
  // Those already marked before closing stay no-shows; the others are offered here.
  const candidates = flight.beneficiaries.filter((b) => !b.progress.stamped && !b.noShow);
  const [marks, setMarks] = useState<Record<string, { on: boolean; reason: NoShowReason; note: string }>>(() =>
    Object.fromEntries(candidates.map((b) => [b.pvNumber, { on: !b.progress.arrived, reason: 'didNotCome' as NoShowReason, note: '' }])),
  );
  const [error, setError] = useState<string | null>(null);
  const set = (pv: string, patch: Partial<{ on: boolean; reason: NoShowReason; note: string }>) =>
    setMarks((m) => ({ ...m, [pv]: { ...(m[pv] as { on: boolean; reason: NoShowReason; note: string }), ...patch } }));
  const submit = async () => {
    const noShows = Object.entries(marks)
      .filter(([, m]) => m.on)
      .map(([pvNumber, m]) => ({ pvNumber, reason: m.reason, note: m.note.trim() }));
    if (noShows.some((n) => n.reason === 'other' && n.note.length < 3)) return setError(t('flights.noteRequired'));
    const r = await call('flights.close', { flightKey: flight.key, noShows });
    if (!r.ok) return setError(r.error.message === 'noteRequired' ? t('flights.noteRequired') : errorText(r.error));
    onDone(null);
  };
  return (
    <section className="flight-close" role="dialog" aria-labelledby={`close-${flight.key}`} data-testid="flight-close-dialog">
      <h3 id={`close-${flight.key}`}>{t('flights.closeTitle', { flight: flightTitle(flight, t) })}</h3>
      <p className="muted">{t('flights.closeHint')}</p>
      <form noValidate onSubmit={(e) => (e.preventDefault(), void submit())}>
        {candidates.map((b) => {
          const m = marks[b.pvNumber] as { on: boolean; reason: NoShowReason; note: string };
          return (
            <fieldset key={b.pvNumber} className="flight-close-row" data-testid="flight-noshow-row" data-pv={b.pvNumber}>
              <label>
                <input
                  type="checkbox"
                  checked={m.on}
                  onChange={(e) => set(b.pvNumber, { on: e.target.checked })}
                  data-testid="flight-noshow-check"
                />
                {/* As on the passage card: the surname in capitals, so it stands out from the given names. */}
                <bdi>
                  <span className="flight-surname">{b.surname.toUpperCase()}</span> {b.givenNames}
                </bdi>{' '}
                · <bdi>{b.pvNumber}</bdi>
              </label>
              <label>
                {t('flights.reason')}{' '}
                <ReasonSelect
                  value={m.reason}
                  disabled={!m.on}
                  onChange={(reason) => set(b.pvNumber, { reason })}
                  testId="flight-noshow-reason"
                />
              </label>
              {m.on && m.reason === 'other' && (
                <label>
                  {t('flights.note')}{' '}
                  <input
                    value={m.note}
                    maxLength={500}
                    onChange={(e) => set(b.pvNumber, { note: e.target.value })}
                    data-testid="flight-noshow-note"
                  />
                </label>
              )}
            </fieldset>
          );
        })}
        <FormEnd
          testId="flight-close"
          error={error}
          confirm={t('flights.confirmClose')}
          cancel={t('flights.cancel')}
          onCancel={() => onDone(null)}
        />
      </form>
    </section>
  );
}

function FlightCard(props: {
  flight: FlightView;
  rows: BoardBeneficiaryView[];
  selected: string | null;
  now: number;
  supervisor: boolean;
  onOpen: (pv: string) => void;
  onChanged: () => void;
  onMessage: (m: string) => void;
}) {
  const { flight, rows, now, supervisor } = props;
  const { t } = useFlightT();
  const f = useFormatter();
  const errorText = useErrorText();
  const [closing, setClosing] = useState(false);
  const [reopening, setReopening] = useState(false);
  const [marking, setMarking] = useState<string | null>(null);
  const editable = !flight.closed && supervisor;
  const clearNoShow = async (pvNumber: string) => {
    const r = await call('flights.clearNoShow', { flightKey: flight.key, pvNumber });
    if (!r.ok) return props.onMessage(errorText(r.error));
    props.onChanged();
  };
  const [time, setTime] = useState(flight.departureAt !== null ? f.time(flight.departureAt) : '');
  const report = async (format: 'pdf' | 'csv') => {
    const r = await call('flights.report', { flightKey: flight.key, format, language: f.language });
    if (!r.ok) return props.onMessage(errorText(r.error));
    saveExport(r.value);
    props.onMessage(t('flights.saved', { file: r.value.fileName }));
  };
  const saveTime = async () => {
    const r = await call('flights.setDeparture', { flightKey: flight.key, time });
    if (!r.ok) return props.onMessage(errorText(r.error));
    props.onChanged();
  };
  return (
    <section className="flight-card" data-testid="flight-card" data-flight-key={flight.key} aria-label={flightTitle(flight, t)}>
      <header className="flight-head">
        <h2>
          <bdi>{flightTitle(flight, t)}</bdi> · {f.calendarDate(flight.identity.date)}
        </h2>
        <Countdown flight={flight} now={now} />
        {flight.closed && (
          <span className="flight-closed" data-testid="flight-closed">
            {t('flights.closedBy', { time: f.time(flight.closed.at), name: flight.closed.actorName })}
          </span>
        )}
      </header>
      <ul className="flight-counts">
        {COUNTS.map((k) => (
          <li key={k} className={`flight-count count-${k}`} data-testid={`flight-count-${k}`}>
            <span className="flight-count-value">{f.integer(flight.counts[k])}</span> {t(`flights.counts.${k}`)}
          </li>
        ))}
      </ul>
      <table className="flight-table">
        <thead>
          <tr>
            <th scope="col">{t('flights.columns.name')}</th>
            <th scope="col">{t('flights.columns.pv')}</th>
            <th scope="col">{t('flights.columns.document')}</th>
            <th scope="col">{t('flights.columns.status')}</th>
            <th scope="col">{t('flights.columns.action')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr
              key={b.pvNumber}
              className={props.selected === b.pvNumber ? 'selected' : undefined}
              aria-selected={props.selected === b.pvNumber}
              data-testid="flight-row"
              data-pv={b.pvNumber}
              data-stage={b.stage}
            >
              <td>
                {/* As on the passage card: the surname in capitals, so it stands out from the given names. */}
                <bdi>
                  <span className="flight-surname">{b.surname.toUpperCase()}</span> {b.givenNames}
                </bdi>
              </td>
              <td>
                <bdi>{b.pvNumber}</bdi>
              </td>
              <td>
                <bdi>{b.documentNumber}</bdi>
              </td>
              <td>
                <span className={`stage stage-${b.stage}`} data-testid="flight-stage">
                  {t(`flights.stages.${b.stage}`)}
                </span>
                {b.noShow && (
                  <span className="muted" data-testid="flight-noshow-reason-shown">
                    {' '}
                    · {t(`flights.reasons.${b.noShow.reason}`)}
                    {b.noShow.note && (
                      <>
                        {' '}
                        <bdi>{b.noShow.note}</bdi>
                      </>
                    )}
                  </span>
                )}
              </td>
              <td>
                {!b.progress.stamped && (
                  <button
                    type="button"
                    className="button button-secondary button-compact"
                    onClick={() => props.onOpen(b.pvNumber)}
                    title={t('flights.openHint')}
                    data-testid="flight-open-passage"
                  >
                    {t('flights.open')}
                  </button>
                )}
                {editable && !b.progress.stamped && !b.noShow && (
                  <button
                    type="button"
                    className="button button-secondary button-compact"
                    onClick={() => setMarking(b.pvNumber)}
                    data-testid="flight-mark-noshow"
                  >
                    {t('flights.markNoShow')}
                  </button>
                )}
                {editable && b.noShow && (
                  <button
                    type="button"
                    className="button button-secondary button-compact"
                    onClick={() => void clearNoShow(b.pvNumber)}
                    data-testid="flight-clear-noshow"
                  >
                    {t('flights.clearNoShow')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {supervisor && (
        <div className="flight-actions">
          <label>
            {t('flights.setDeparture')}{' '}
            {/* 24-hour HH:MM as the post writes it: a browser time field follows the browser's locale (01:05 PM). */}
            <input
              type="text"
              inputMode="numeric"
              maxLength={5}
              size={5}
              placeholder="13:05"
              value={time}
              onChange={(e) => setTime(e.target.value)}
              data-testid="flight-departure-time"
            />
          </label>
          <button
            type="button"
            className="button button-secondary button-compact"
            disabled={!/^\d\d:\d\d$/.test(time)}
            onClick={() => void saveTime()}
            data-testid="flight-departure-save"
          >
            {t('flights.saveDeparture')}
          </button>
          {!flight.closed && !closing && (
            <button
              type="button"
              className="button button-danger button-compact"
              onClick={() => setClosing(true)}
              data-testid="flight-close"
            >
              {t('flights.close')}
            </button>
          )}
          {flight.closed && !reopening && (
            <button
              type="button"
              className="button button-secondary button-compact"
              onClick={() => setReopening(true)}
              data-testid="flight-reopen"
            >
              {t('flights.reopen')}
            </button>
          )}
          <button
            type="button"
            className="button button-secondary button-compact"
            onClick={() => void report('pdf')}
            data-testid="flight-report-pdf"
          >
            {t('flights.reportPdf')}
          </button>
          <button
            type="button"
            className="button button-secondary button-compact"
            onClick={() => void report('csv')}
            data-testid="flight-report-csv"
          >
            {t('flights.reportCsv')}
          </button>
        </div>
      )}
      {marking !== null && rows.some((b) => b.pvNumber === marking) && (
        <MarkNoShow
          flight={flight}
          b={rows.find((b) => b.pvNumber === marking) as BoardBeneficiaryView}
          onDone={() => {
            setMarking(null);
            props.onChanged();
          }}
        />
      )}
      {reopening && (
        <ReopenFlight
          flight={flight}
          onDone={() => {
            setReopening(false);
            props.onChanged();
          }}
        />
      )}
      {closing && (
        <CloseFlight
          flight={flight}
          onDone={() => {
            setClosing(false);
            props.onChanged();
          }}
        />
      )}
    </section>
  );
}

export function FlightBoard({ userRole, onOpened }: { userRole: Role; onOpened?: () => void }) {
  const { t } = useFlightT();
  const f = useFormatter();
  const errorText = useErrorText();
  const [board, setBoard] = useState<Board | null>(null);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const search = useRef<HTMLInputElement>(null);

  const load = useCallback(() => {
    void call('flights.board', {}).then((r) => {
      if (r.ok) setBoard(r.value);
      else setMessage(errorText(r.error));
    });
    // errorText is stable enough for a reload; the board reloads on events.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    load();
    const timer = setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }, [load]);
  useEvent('flights.changed', load);

  const filtered = useMemo(() => {
    const q = parseQuery(query);
    return (board?.flights ?? []).map((fl) => ({
      flight: fl,
      rows: fl.beneficiaries.filter((b) => matchesQuery(q, b, nameKeys(b))),
    }));
  }, [board, query]);
  const order = useMemo(() => filtered.flatMap((x) => x.rows.map((b) => b.pvNumber)), [filtered]);

  const open = async (pvNumber: string) => {
    const r = await call('passage.openForPv', { pvNumber });
    if (!r.ok) return setMessage(errorText(r.error));
    setMessage(t('flights.opened', { pv: pvNumber }));
    onOpened?.();
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (order.length === 0) return;
      const at = selected ? order.indexOf(selected) : -1;
      const next = e.key === 'ArrowDown' ? Math.min(order.length - 1, at + 1) : Math.max(0, at - 1);
      setSelected(order[next] ?? null);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const target = selected && order.includes(selected) ? selected : order.length === 1 ? order[0] : null;
      if (target) void open(target);
    }
  };

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const tag = (e.target as HTMLElement | null)?.tagName;
      if (e.key === '/' && tag !== 'INPUT' && tag !== 'SELECT' && tag !== 'TEXTAREA') {
        e.preventDefault();
        search.current?.focus();
      }
    };
    search.current?.focus();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="flight-board" data-testid="flights-board">
      <div className="flight-board-head">
        <h1>{t('flights.title', { date: board ? f.calendarDate(board.date) : '' })}</h1>
        <label className="flight-search">
          <span>{t('flights.search')}</span>
          <input
            ref={search}
            type="search"
            value={query}
            onChange={(e) => (setQuery(e.target.value), setSelected(null))}
            onKeyDown={onSearchKey}
            aria-describedby="flight-search-hint"
            data-testid="flights-search"
          />
        </label>
        <p id="flight-search-hint" className="muted">
          {t('flights.searchHint')}
        </p>
        {message && (
          <p role="status" className="flight-message" data-testid="flights-message">
            {message}
          </p>
        )}
      </div>
      {board && board.flights.length === 0 && <p data-testid="flights-none">{t('flights.none')}</p>}
      {query.trim() !== '' && order.length === 0 && <p data-testid="flights-no-match">{t('flights.noMatch')}</p>}
      {filtered
        .filter((x) => query.trim() === '' || x.rows.length > 0)
        .map((x) => (
          <FlightCard
            key={x.flight.key}
            flight={x.flight}
            rows={x.rows}
            selected={selected}
            now={now}
            supervisor={userRole === 'supervisor'}
            onOpen={(pv) => void open(pv)}
            onChanged={load}
            onMessage={setMessage}
          />
        ))}
    </div>
  );
}

/** The escort's screen: the desk and the flight board in two tabs; opening a passage goes to the desk. */
export function EscortDesk({ desk }: { desk: ReactNode }) {
  const { t } = useFlightT();
  const [tab, setTab] = useState<'desk' | 'flights'>('desk');
  return (
    <div className="escort-desk">
      <div className="flights-tabs" role="tablist">
        {(['desk', 'flights'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? 'flights-tab active' : 'flights-tab'}
            onClick={() => setTab(k)}
            data-testid={`desk-tab-${k}`}
          >
            {t(`flights.tabs.${k}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">{tab === 'desk' ? desk : <FlightBoard userRole="escort" onOpened={() => setTab('desk')} />}</div>
    </div>
  );
}
