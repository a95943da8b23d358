/** For the console's tests: sign an administrator in (password and the TOTP step at `timestamp`) and get the headers of their requests. */
import type { FastifyInstance } from 'fastify';
import { totpFor } from './console-store';

export async function signedInHeaders(
  app: FastifyInstance,
  username: string,
  password: string,
  totpSecret: string,
  timestamp: number,
): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/console/api/sign-in',
    payload: { username, password, code: totpFor(totpSecret).generate({ timestamp }) },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username}: ${res.statusCode}`);
  return {
    cookie: String(res.headers['set-cookie']).split(';')[0] as string,
    'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken,
  };
}
