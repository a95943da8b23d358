/** The OpenAPI 3.1 description served at /openapi.json, generated from the zod schemas of core/sync. */
import { z } from 'zod';
import { pvSchema } from '../core/departure/pv';
import { postSettingsRequestSchema } from '../core/console/contract';
import {
  AUTH_HEADERS,
  PROTOCOL_VERSION,
  wireEventSchema,
  centralSettingsSchema,
  centralUserSchema,
  enrolRequestSchema,
  enrolResponseSchema,
  pullPageSchema,
  pushResponseSchema,
} from '../core/sync/protocol';
import { trustChainPageSchema } from '../core/sync/centre-trust';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' });
const body = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const ok = (schema: unknown, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const errorSchema = { type: 'object', properties: { error: { type: 'string', description: 'i18n key' } }, required: ['error'] };

/** The console's routes: a session cookie (password + TOTP sign-in); changes also need x-csrf-token. */
function consolePaths(): Record<string, unknown> {
  const session = [{ consoleSession: [] }];
  const change = (summary: string, extra: Record<string, unknown> = {}) => ({
    post: {
      summary: `${summary} (administrator; x-csrf-token)`,
      security: session,
      parameters: [{ name: 'x-csrf-token', in: 'header', required: true, schema: { type: 'string' } }],
      responses: {
        '200': ok({ type: 'object' }),
        '403': ok(errorSchema, 'Analyst, CSRF or cross-site'),
        '401': ok(errorSchema, 'No session'),
      },
      ...extra,
    },
  });
  const read = (summary: string, parameters: unknown[] = []) => ({
    get: { summary, security: session, parameters, responses: { '200': ok({ type: 'object' }), '401': ok(errorSchema, 'No session') } },
  });
  const period = [
    { name: 'year', in: 'query', required: true, schema: { type: 'integer', minimum: 2004, maximum: 2100 } },
    { name: 'month', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 12 } },
    { name: 'lang', in: 'query', required: false, schema: { type: 'string', enum: ['fr', 'ar', 'en'] } },
  ];
  return {
    '/console/api/sign-in': {
      post: {
        summary: 'Sign in with password and TOTP code; sets the session cookie, answers the CSRF token',
        requestBody: body({
          type: 'object',
          properties: { username: { type: 'string' }, password: { type: 'string' }, code: { type: 'string' } },
          required: ['username', 'password', 'code'],
        }),
        responses: { '200': ok({ type: 'object' }), '401': ok(errorSchema, 'Bad credentials'), '423': ok(errorSchema, 'Locked') },
      },
    },
    '/console/api/session': read('The signed-in administrator'),
    '/console/api/sign-out': change('Sign out'),
    '/console/api/posts': { ...read('Posts with their device counts'), ...change('Create a post') },
    '/console/api/posts/{code}/enrol-codes': change(
      'Issue a one-time enrolment code (shown once): { code, expiresAt, provisioning }, the provisioning payload for the setup screen QR (null when the centre serves no TLS itself)',
    ),
    '/console/api/posts/{code}/devices': read(
      'Devices of a post: enrolled, last seen, app version, sync backlog, revoked, records received',
    ),
    '/console/api/devices/{id}/revoke': change('Revoke a device'),
    '/console/api/pvs/{pvNumber}/signed-qr': change(
      "Attach the issuing authority's signed QR to a PV (checked against the trusted PV keys)",
    ),
    '/console/api/pvs/signed-qr-import': change(
      'Attach many signed PV QR texts: { content } with one RVAPV1 text a line (5,000 texts, 2 MB at most: 413 beyond); each line checked as the single attach, kept or refused on its own; answers { lines: [{ line, pvNumber, result }], counts } (administrators)',
    ),
    '/console/api/pvs/qr-sheet.pdf': read('Sheet of signed PV QR codes for a police station (PDF; ?pvs=A,B&lang=fr|ar|en; administrators)'),
    '/console/api/posts/{code}/users': {
      ...read('Users of a post (no PIN hashes)'),
      ...change('Create a user; answers a one-time PIN, shown once'),
    },
    '/console/api/users/{id}/reset-pin': change('New one-time PIN, shown once'),
    '/console/api/users/{id}/role': change('Change a user’s role'),
    '/console/api/users/{id}/deactivate': change('Deactivate a user'),
    '/console/api/pvs': read('Search PVs by number, surname or document number', [
      { name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 60 } },
    ]),
    '/console/api/pvs/import': change(
      'Import a PV file through the post’s parser; a file with an error is refused whole, with its line/field table',
    ),
    '/console/api/pvs/{pvNumber}/revoke': change('Revoke a PV'),
    '/console/api/conflicts': read('Conflict cases as posts receive them'),
    '/console/api/conflict-cases': read('Conflict cases with their closing notes'),
    '/console/api/conflict-cases/{id}/close': change('Close a conflict case with a note'),
    '/console/api/no-shows': read('No-shows reported by the posts (not those a post cleared); ?post=CMN&date=YYYY-MM-DD (flight date)'),
    '/console/api/no-shows/{id}/reschedule': change(
      'Give the PV of a no-show its new departure (administrators, once): air {mode, carrier, flightNumber, date, pnr?, eticket?}, land {mode, route, date}',
    ),
    '/console/api/stats': read(
      'National statistics: by nationality (top ten, Autres, Total général), month, post, air/land, per diem',
      period,
    ),
    '/console/api/stats.csv': read('National statistics as CSV', period),
    '/console/api/stats.pdf': read('National statistics as PDF', period),
    '/console/api/audit': read('The console audit log (administrators)'),
    '/console/api/settings': {
      ...read('The national settings every post receives (per diem, retention), null before the first'),
      ...change('Change the national settings (same body as PUT /admin/settings); posts receive them through sync'),
    },
    '/console/api/posts/{code}/settings': {
      ...read('One post’s own settings (time zone, idle logout in minutes); the defaults until set'),
      ...change('Set one post’s time zone (IANA) and idle logout (1–60 minutes); only that post receives them through sync'),
    },
    '/console/api/pv-keys': {
      ...read('Trusted PV signing keys, active and retired, with their fingerprint'),
      ...change('Add a trusted PV signing key ({ keyId, key }: hex, PEM or rva-pv-trusted-key file)'),
    },
    '/console/api/pv-keys/{keyId}/retire': change('Retire a trusted PV signing key (never the last active one)'),
  };
}

export function buildOpenApi(): Record<string, unknown> {
  const signed = [{ deviceSignature: [] }];
  const admin = [{ adminToken: [] }];
  return {
    openapi: '3.1.0',
    info: {
      title: 'RVA Départ central server',
      version: String(PROTOCOL_VERSION),
      description:
        'Posts push their audit records and pull PVs, users, settings and conflict cases. Device requests carry ' +
        `${Object.values(AUTH_HEADERS).join(', ')}: an Ed25519 signature over "RVA-SYNC-1\\nMETHOD\\nPATH\\nTIME\\nNONCE\\nSHA256(BODY)".`,
    },
    components: {
      securitySchemes: {
        deviceSignature: { type: 'apiKey', in: 'header', name: AUTH_HEADERS.signature },
        adminToken: { type: 'http', scheme: 'bearer' },
        consoleSession: { type: 'apiKey', in: 'cookie', name: 'rva_console' },
      },
      schemas: {
        WireEvent: json(wireEventSchema),
        Pv: json(pvSchema),
        CentralUser: json(centralUserSchema),
        CentralSettings: json(centralSettingsSchema),
        PostSettingsRequest: json(postSettingsRequestSchema),
        PullPage: json(pullPageSchema),
        PushResponse: json(pushResponseSchema),
        Error: errorSchema,
      },
    },
    paths: {
      '/health': { get: { summary: 'Liveness', responses: { '200': ok({ type: 'object' }) } } },
      '/v1/enrol': {
        post: {
          summary: 'Enrol a device with a one-time code',
          requestBody: body(json(enrolRequestSchema)),
          responses: {
            '200': ok(json(enrolResponseSchema)),
            '403': ok(
              errorSchema,
              'Refused: enrol.codeUnknown (no such code), enrol.codeExpired, enrol.codeUsed; for a re-enrolment (`replaces`), enrol.otherPost (the code is for another post) or enrol.notReplaceable (not a revoked device of this post, already replaced, or not signed by its key); enrol.refused (anything else)',
            ),
          },
        },
      },
      '/v1/trust': {
        get: {
          summary:
            "The centre's trust records after a sequence number, oldest first, 100 a page (key rotations, certificate " +
            'announcements, revocations signed by the recovery key): no credential, each record is signed',
          parameters: [{ name: 'after', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } }],
          responses: { '200': ok(json(trustChainPageSchema)), '400': ok(errorSchema, 'Invalid') },
        },
      },
      '/v1/push': {
        post: {
          summary: 'Push a batch of audit records; one answer per record',
          security: signed,
          requestBody: body({
            type: 'object',
            properties: { events: { type: 'array', items: { $ref: '#/components/schemas/WireEvent' } } },
          }),
          responses: { '200': ok({ $ref: '#/components/schemas/PushResponse' }), '401': ok(errorSchema, 'Not authenticated') },
        },
      },
      '/v1/pull': {
        get: {
          summary: 'One page of changes after a cursor',
          security: signed,
          parameters: [
            { name: 'cursor', in: 'query', required: true, schema: { type: 'string', pattern: '^[0-9]+$' } },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000 } },
            {
              name: 'appVersion',
              in: 'query',
              required: false,
              description: "The post's app version (with backlog; both inside the signed request line)",
              schema: { type: 'string', pattern: '^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$' },
            },
            {
              name: 'backlog',
              in: 'query',
              required: false,
              description: 'Audit records waiting on the post when it pulled',
              schema: { type: 'integer', minimum: 0 },
            },
          ],
          responses: { '200': ok({ $ref: '#/components/schemas/PullPage' }), '401': ok(errorSchema, 'Not authenticated') },
        },
      },
      '/admin/enrol-codes': {
        post: {
          summary: 'Issue a one-time enrolment code for a post',
          security: admin,
          requestBody: body({ type: 'object', properties: { postCode: { type: 'string' } }, required: ['postCode'] }),
          responses: { '200': ok({ type: 'object', properties: { code: { type: 'string' }, expiresAt: { type: 'integer' } } }) },
        },
      },
      '/admin/pvs': {
        post: {
          summary: 'Create or update PVs (the import file format is accepted as is)',
          security: admin,
          requestBody: body({ type: 'object', properties: { pvs: { type: 'array', items: { $ref: '#/components/schemas/Pv' } } } }),
          responses: { '200': ok({ type: 'object' }), '400': ok(errorSchema, 'Invalid') },
        },
      },
      '/admin/pvs/{pvNumber}/revoke': {
        post: {
          summary: 'Revoke a PV',
          security: admin,
          responses: { '200': ok({ type: 'object' }), '404': ok(errorSchema, 'Unknown PV') },
        },
      },
      '/admin/users': {
        put: {
          summary: 'Create or update users of posts',
          security: admin,
          requestBody: body({
            type: 'object',
            properties: { users: { type: 'array', items: { $ref: '#/components/schemas/CentralUser' } } },
          }),
          responses: { '200': ok({ type: 'object' }) },
        },
      },
      '/admin/settings': {
        put: {
          summary: 'Set the per diem amount and period',
          security: admin,
          requestBody: body({ $ref: '#/components/schemas/CentralSettings' }),
          responses: { '200': ok({ type: 'object' }) },
        },
      },
      '/admin/posts/{code}/settings': {
        put: {
          summary: 'Set one post’s time zone (IANA) and idle logout (1–60 minutes); only that post receives them',
          security: admin,
          requestBody: body({ $ref: '#/components/schemas/PostSettingsRequest' }),
          responses: { '200': ok({ type: 'object' }), '404': { description: 'No such post (post.unknown)' } },
        },
      },
      '/admin/devices/{deviceId}/revoke': {
        post: {
          summary: 'Revoke a device',
          security: admin,
          responses: { '200': ok({ type: 'object' }), '404': ok(errorSchema, 'Unknown device') },
        },
      },
      '/admin/devices/{deviceId}': {
        get: { summary: 'What the centre holds for a device', security: admin, responses: { '200': ok({ type: 'object' }) } },
      },
      '/admin/conflicts': {
        get: { summary: 'Open conflict cases', security: admin, responses: { '200': ok({ type: 'object' }) } },
      },
      '/admin/centre-keys/rotate': {
        post: {
          summary: 'Make the next centre signing key and publish its rotation record ({ notBefore, overlapMs })',
          security: admin,
          requestBody: body({ type: 'object' }),
          responses: { '200': ok({ type: 'object' }), '409': ok(errorSchema, 'A rotation is pending') },
        },
      },
      '/admin/centre-keys/recovery': {
        post: {
          summary: "Keep the public half of the centre's offline recovery key ({ publicKey }) and announce it; once",
          security: admin,
          requestBody: body({ type: 'object' }),
          responses: { '200': ok({ type: 'object' }), '409': ok(errorSchema, 'recoveryKey.exists') },
        },
      },
      '/admin/centre-keys/revocation': {
        get: {
          summary: 'What a revocation signs: the key in use, the next revocation number, the recovery key',
          security: admin,
          responses: { '200': ok({ type: 'object' }) },
        },
      },
      '/admin/centre-keys/revoke': {
        post: {
          summary:
            'Apply a revocation signed by the recovery key ({ record, privateKey }: the replacement key): every signing key held is revoked',
          security: admin,
          requestBody: body({ type: 'object' }),
          responses: {
            '200': ok({ type: 'object' }),
            '409': ok(errorSchema, 'centreKey.noRecoveryKey, centreKey.badRecord, centreKey.unknownKey or centreKey.seq'),
          },
        },
      },
      '/admin/tls': {
        get: {
          summary: 'The next certificate fingerprint announced to the posts',
          security: admin,
          responses: { '200': ok({ type: 'object' }) },
        },
      },
      '/admin/tls/announce': {
        post: {
          summary: 'Announce the next certificate fingerprint in a signed record',
          security: admin,
          requestBody: body({ type: 'object' }),
          responses: { '200': ok({ type: 'object' }) },
        },
      },
      '/admin/tls/reload': {
        post: {
          summary: 'Serve the certificate now in the centre TLS files',
          security: admin,
          responses: { '200': ok({ type: 'object' }) },
        },
      },
      ...consolePaths(),
    },
  };
}
