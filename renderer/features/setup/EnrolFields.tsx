/**
 * What the setup screen and re-enrolment from the desk share: the one-time code field and the
 * refusal said in plain words (`setup.errors.*`, main's answers, or the app error's words).
 */
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { runtimeKey } from '../../i18n';
import type { AppError } from '../../lib/api';
import { errorText, formatDuration } from '../../lib/format';

/** The one-time enrolment code: typed as printed, any case, with or without dashes. */
export function EnrolCodeInput(props: {
  testId: string;
  value: string;
  onChange: (value: string) => void;
  /** The id of the error it is described by, when the code is at fault. */
  invalidBy: string | null;
  ref?: Ref<HTMLInputElement>;
}) {
  return (
    <input
      ref={props.ref}
      data-testid={props.testId}
      type="text"
      dir="ltr"
      className="mono"
      autoComplete="off"
      autoCapitalize="characters"
      spellCheck={false}
      maxLength={40}
      value={props.value}
      {...(props.invalidBy ? { 'aria-invalid': true, 'aria-describedby': props.invalidBy } : {})}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

export interface EnrolProblem {
  /** A `setup.errors.*` key, or null for an app error translated as `errors.<code>`. */
  key: string | null;
  error: AppError | null;
}

/** Why an enrolment was refused, in plain words (`data-code`: the key or the error's code). */
export function EnrolProblemText({ problem, id }: { problem: EnrolProblem; id: string }) {
  const { t, i18n } = useTranslation();
  let text: string;
  if (problem.key === 'setup.errors.tooMany') {
    const retryAt = problem.error?.params?.retryAt;
    text = t(runtimeKey('setup.errors.tooMany'), { time: formatDuration(t, typeof retryAt === 'number' ? retryAt - Date.now() : 60_000) });
  } else if (problem.key && i18n.exists(problem.key)) text = t(runtimeKey(problem.key));
  else if (problem.error) text = errorText(t, problem.error);
  else text = t(runtimeKey('setup.errors.failed'));
  return (
    <p className="message message-error" role="alert" id={id} data-testid={id} data-code={problem.key ?? problem.error?.code}>
      {text}
    </p>
  );
}
