/**
 * The console's no-shows (docs/console.md): what the posts reported when a beneficiary did not
 * leave on their flight (post, flight, flight date, PV, reason, who reported it), filtered by post
 * and flight date, and the administrator's re-scheduling of the PV: "to reschedule" opens the form
 * of its new departure (RescheduleForm), and the row then says to what, by whom and when (audited
 * in the console log). Analysts read only. Times through the console's one formatter.
 */
import { Fragment, useCallback, useEffect, useState } from 'react';
import type { NoShowRow, RescheduledDeparture } from '../../core/console/contract';
import { ticketOfKey } from '../../core/flights/board';
import type { Formatter } from '../../core/format/format';
import type { Language } from '../../core/i18n/messages';
import { api } from './api';
import { noShowMessages } from './no-shows-messages';
import { RescheduleForm } from './RescheduleForm';
import { DateInput, fillIsolated as fill, typedDate } from './ui';

/** "AT 999" for a flight, the route for a land departure. */
const departureName = (d: RescheduledDeparture | { mode: 'land'; route: string }) =>
  d.mode === 'air' ? `${d.carrier} ${d.flightNumber}` : d.route;

/** "AT 999" from AIR:AT999:2026-06-15; a land route as it is keyed. */
function flightName(key: string): string {
  const ticket = ticketOfKey(key);
  return ticket ? departureName(ticket) : key;
}

export function NoShowsScreen({
  lang,
  f,
  admin,
  refusal,
}: {
  lang: Language;
  f: Formatter;
  admin: boolean;
  refusal: (e: unknown) => string;
}) {
  const m = noShowMessages[lang];
  const [post, setPost] = useState('');
  const [date, setDate] = useState('');
  const [posts, setPosts] = useState<string[]>([]);
  const [rows, setRows] = useState<NoShowRow[] | null>(null);
  // The outcome: the PV re-scheduled (shown in the screen's language, which may change), or a refusal.
  const [done, setDone] = useState<string | null>(null);
  // The no-show whose new departure is being typed.
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const refused = useCallback((e: unknown) => setMessage(refusal(e)), [refusal]);
  // The flight date is typed dd/mm/yyyy; the API takes it as YYYY-MM-DD. A wrong date asks nothing.
  const day = typedDate(date);
  const query = day.wrong ? null : [post && `post=${post}`, day.iso && `date=${day.iso}`].filter(Boolean).join('&');
  const load = useCallback(() => {
    if (query === null) return;
    api<{ noShows: NoShowRow[] }>('GET', `no-shows${query ? `?${query}` : ''}`)
      .then((r) => setRows(r.noShows))
      .catch(refused);
  }, [query, refused]);
  useEffect(load, [load]);
  useEffect(() => {
    api<{ posts: { code: string }[] }>('GET', 'posts')
      .then((r) => setPosts(r.posts.map((p) => p.code)))
      .catch(refused);
  }, [refused]);

  const rescheduled = (row: NoShowRow) => {
    setEditing(null);
    setMessage(null);
    setDone(row.pvNumber);
    load();
  };
  const markedBy = (by: string) => (m.roles as Record<string, string>)[by] ?? by;

  return (
    <section className="console-no-shows" data-testid="console-no-shows">
      <h2>{m.title}</h2>
      <p className="muted">{m.hint}</p>
      <div className="console-row">
        <label className="console-inline">
          {m.post}
          <select data-testid="console-no-shows-post" value={post} onChange={(e) => setPost(e.target.value)}>
            <option value="">{m.allPosts}</option>
            {posts.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <DateInput lang={lang} label={m.date} value={date} onChange={setDate} testid="console-no-shows-date" />
        <button
          type="button"
          data-testid="console-no-shows-clear"
          onClick={() => {
            setPost('');
            setDate('');
          }}
        >
          {m.clear}
        </button>
      </div>
      {(message ?? done) !== null && (
        <p role="status" data-testid="console-no-shows-message">
          {message ?? fill(m.done, { pv: done ?? '' })}
        </p>
      )}
      {day.wrong ? null : rows && rows.length === 0 ? (
        <p className="muted" data-testid="console-no-shows-none">
          {m.none}
        </p>
      ) : (
        <table className="console-table" data-testid="console-no-shows-table">
          <thead>
            <tr>
              {[m.post, m.flight, m.date, m.pv, m.reason, m.markedAt, m.markedBy, m.followUp].map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((r) => (
              <Fragment key={r.id}>
                <tr data-testid="console-no-show-row" data-pv={r.pvNumber}>
                  <td dir="ltr">{r.postCode}</td>
                  <td dir="ltr">{flightName(r.flightKey)}</td>
                  <td>{f.calendarDate(r.flightDate)}</td>
                  <td dir="ltr" className="console-nowrap">
                    {r.pvNumber}
                  </td>
                  <td>
                    {m.reasons[r.reason]}
                    {r.note && (
                      <>
                        {' '}
                        <bdi>« {r.note} »</bdi>
                      </>
                    )}
                  </td>
                  <td>{f.dateTime(r.at)}</td>
                  <td>
                    <bdi>{markedBy(r.markedBy)}</bdi>
                  </td>
                  <td>
                    {r.rescheduled && (
                      <span data-testid="console-no-show-rescheduled">
                        {r.rescheduled.departure
                          ? fill(m.rescheduledTo, {
                              flight: departureName(r.rescheduled.departure),
                              date: f.calendarDate(r.rescheduled.departure.date),
                              by: r.rescheduled.by,
                              at: f.dateTime(r.rescheduled.at),
                            })
                          : fill(m.rescheduled, { at: f.dateTime(r.rescheduled.at), by: r.rescheduled.by })}
                      </span>
                    )}
                    {r.rescheduled?.departure
                      ? null
                      : admin
                        ? editing !== r.id && (
                            <button
                              type="button"
                              data-testid="console-no-show-reschedule"
                              onClick={() => {
                                setDone(null);
                                setEditing(r.id);
                              }}
                            >
                              {m.reschedule}
                            </button>
                          )
                        : !r.rescheduled && <span className="muted">{m.pending}</span>}
                  </td>
                </tr>
                {admin && editing === r.id && (
                  <tr data-testid="console-reschedule-row">
                    <td colSpan={8}>
                      <RescheduleForm row={r} m={m} f={f} onDone={() => rescheduled(r)} onCancel={() => setEditing(null)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
