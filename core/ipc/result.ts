/** Error codes a command may answer with. The UI translates `errors.<code>`; `message` adds detail. */
export const errorCodes = [
  'badInput',
  'unauthenticated',
  'forbidden',
  'sessionExpired',
  'badOrigin',
  'unknownCommand',
  'badCredentials',
  'locked',
  'notFound',
  'conflict',
  'alreadyDone',
  'refused',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface AppError {
  code: ErrorCode;
  /** An i18n key or a short technical detail; never personal data. */
  message: string;
  /** Extra values for the message (counts, times, field names). */
  params?: Record<string, string | number | boolean | null>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = <T = never>(code: ErrorCode, message: string, params?: AppError['params']): Result<T> => ({
  ok: false,
  error: params ? { code, message, params } : { code, message },
});
