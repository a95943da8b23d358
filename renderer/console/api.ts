/**
 * The console's calls to /console/api: the session cookie travels by itself, changes carry the
 * CSRF token, and every JSON answer is parsed with the contract the server answers by
 * (core/console/contract), so the screens see only the declared shapes.
 */
import { consoleResponses, consoleRouteOf } from '../../core/console/contract';

let csrfToken = '';

export function setCsrf(token: string): void {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error ?? status));
  }
}

/** The centre did not answer (network down, centre stopped): whether a change was made is unknown. */
export class NoAnswerError extends Error {
  constructor() {
    super('no answer from the centre');
  }
}

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/console/api/${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new NoAnswerError();
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(res.status, json);
  const route = consoleRouteOf(method, path);
  if (route === null) return json as T;
  const parsed = consoleResponses[route].safeParse(json);
  // An answer that is not the declared shape is shown as a refusal, never half-used.
  if (!parsed.success) throw new ApiError(res.status, { error: 'console.badAnswer' });
  return parsed.data as T;
}
