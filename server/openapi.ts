/** The OpenAPI 3.1 description served at /openapi.json, generated from the zod schemas of core/sync. */
import { z } from 'zod';
import { pvSchema } from '../core/departure/pv';
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

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' });
const body = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const ok = (schema: unknown, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const errorSchema = { type: 'object', properties: { error: { type: 'string', description: 'i18n key' } }, required: ['error'] };

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
      },
      schemas: {
        WireEvent: json(wireEventSchema),
        Pv: json(pvSchema),
        CentralUser: json(centralUserSchema),
        CentralSettings: json(centralSettingsSchema),
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
              'Refused: enrol.codeUnknown (no such code), enrol.codeExpired, enrol.codeUsed, or enrol.refused (anything else)',
            ),
          },
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
    },
  };
}
