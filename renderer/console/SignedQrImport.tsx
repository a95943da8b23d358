/**
 * The PV screen's bulk attach of signed QR texts (docs/console.md): a text file as a police
 * station's system exports it, or texts pasted, one `RVAPV1:` text a line. The file's limits are
 * checked here with the centre's own reader (core/console/signed-qr-file) before anything is sent;
 * the centre checks each line and answers the per-line table shown here. Administrators only.
 */
import { useState } from 'react';
import type { SignedQrImport as ImportAnswer } from '../../core/console/contract';
import { SIGNED_QR_FILE_MAX_BYTES, SIGNED_QR_FILE_MAX_LINES, signedQrFileLines } from '../../core/console/signed-qr-file';
import type { Formatter } from '../../core/format/format';
import { ApiError, api } from './api';
import type { ConsoleMessages } from './messages';
import { Table, fillIsolated, refusalText } from './ui';

const MB = SIGNED_QR_FILE_MAX_BYTES / (1024 * 1024);

export function SignedQrImport({ m: all, f }: { m: ConsoleMessages; f: Formatter }) {
  const m = all.qrImport;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<number | null>(null);
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  // A refusal of the whole file: too large, empty, or the centre's own words.
  const [refusal, setRefusal] = useState<{ kind: 'tooLarge' | 'empty' } | { kind: 'other'; error: string } | null>(null);
  const limits = { lines: f.integer(SIGNED_QR_FILE_MAX_LINES), mb: f.integer(MB) };

  const send = async (content: string) => {
    setAnswer(null);
    setRefusal(null);
    const file = signedQrFileLines(content);
    if (!file.ok) return setRefusal({ kind: file.error });
    setBusy(file.lines.length);
    try {
      setAnswer(await api<ImportAnswer>('POST', 'pvs/signed-qr-import', { content }));
      setText('');
    } catch (e) {
      if (e instanceof ApiError && e.status === 413) setRefusal({ kind: 'tooLarge' });
      else if (e instanceof ApiError && e.body.error === 'pv.error.qrImportEmpty') setRefusal({ kind: 'empty' });
      else
        setRefusal({
          kind: 'other',
          error: refusalText(all, e),
        });
    } finally {
      setBusy(null);
    }
  };

  const refused = answer ? answer.lines.length - answer.counts.attached - answer.counts.alreadyAttached : 0;
  return (
    <div className="console-card" data-testid="console-pv-qr-bulk">
      <h2>{m.title}</h2>
      <p className="muted">{fillIsolated(m.hint, limits)}</p>
      <label className="console-inline">
        {m.file}
        <input
          type="file"
          accept=".txt,.csv,text/plain"
          data-testid="console-pv-qr-bulk-file"
          disabled={busy !== null}
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            e.target.value = '';
            if (!chosen) return;
            // Not even read when it is larger than the centre takes.
            if (chosen.size > SIGNED_QR_FILE_MAX_BYTES) {
              setAnswer(null);
              setRefusal({ kind: 'tooLarge' });
              return;
            }
            void chosen.text().then(send);
          }}
        />
      </label>
      <label className="console-inline">
        {m.paste}
        <textarea dir="ltr" rows={4} data-testid="console-pv-qr-bulk-text" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button
        type="button"
        data-testid="console-pv-qr-bulk-submit"
        disabled={busy !== null || !text.trim()}
        onClick={() => void send(text)}
      >
        {m.submit}
      </button>
      {busy !== null && (
        <p role="status" data-testid="console-pv-qr-bulk-busy">
          {fillIsolated(m.busy, { count: f.integer(busy) })}
        </p>
      )}
      {refusal && (
        <p role="alert" className="console-error" data-testid="console-pv-qr-bulk-error">
          {refusal.kind === 'other' ? refusal.error : refusal.kind === 'tooLarge' ? fillIsolated(m.tooLarge, limits) : m.empty}
        </p>
      )}
      {answer && (
        <>
          <p role="status" className={refused === 0 ? 'console-ok' : undefined} data-testid="console-pv-qr-bulk-summary">
            {fillIsolated(m.summary, {
              attached: f.integer(answer.counts.attached),
              already: f.integer(answer.counts.alreadyAttached),
              refused: f.integer(refused),
              total: f.integer(answer.lines.length),
            })}
          </p>
          <Table head={[m.line, m.pv, m.result]} testid="console-pv-qr-bulk-table">
            {answer.lines.map((l) => (
              <tr key={l.line} data-testid="console-pv-qr-bulk-row" data-line={l.line} data-result={l.result}>
                <td>{f.integer(l.line)}</td>
                <td>{l.pvNumber === null ? <span className="muted">{m.unreadable}</span> : <bdi>{l.pvNumber}</bdi>}</td>
                <td className={l.result === 'attached' || l.result === 'alreadyAttached' ? 'console-ok' : 'console-field-error'}>
                  {m.results[l.result]}
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </div>
  );
}
