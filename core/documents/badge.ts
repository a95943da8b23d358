/**
 * Staff badge QR codes. Format (defined by this project):
 *
 *     RVA-BADGE:<post>:<username>:<badge number>
 *
 * - post: the border post code, 2-16 characters A-Z, 0-9 and '-' (e.g. CMN-T1);
 * - username: the app account, 1-64 characters a-z, A-Z, 0-9, '.', '_' and '-';
 * - badge number: 1-20 characters A-Z, 0-9 and '-'.
 *
 * Example: `RVA-BADGE:CMN-T1:k.benali:B-000123`. The badge only says who claims to be at the
 * desk: signing in still needs the account's own secret.
 */
import type { DocumentMessageKey } from './messages';
import type { DocumentIssue } from './types';

export const BADGE_PREFIX = 'RVA-BADGE:';

export interface BadgeFields {
  post: string;
  username: string;
  badgeNumber: string;
}

export interface BadgeResult {
  kind: 'badge';
  valid: boolean;
  fields: BadgeFields | null;
  errors: DocumentIssue[];
  warnings: DocumentIssue[];
  repairs: [];
}

function issue(code: string, field: string): DocumentIssue {
  return { code, field, message: `documents.badge.${code}` as DocumentMessageKey };
}

/** Builds the text of a badge QR code (no checks: use parseBadge on the result to check it). */
export function formatBadge(fields: BadgeFields): string {
  return `${BADGE_PREFIX}${fields.post}:${fields.username}:${fields.badgeNumber}`;
}

/** Parses a staff badge QR payload. Never throws. */
export function parseBadge(text: string): BadgeResult {
  const trimmed = text.trim();
  if (!trimmed.startsWith(BADGE_PREFIX)) {
    return { kind: 'badge', valid: false, fields: null, errors: [issue('format', 'badge')], warnings: [], repairs: [] };
  }
  const parts = trimmed.slice(BADGE_PREFIX.length).split(':');
  if (parts.length !== 3) {
    return { kind: 'badge', valid: false, fields: null, errors: [issue('format', 'badge')], warnings: [], repairs: [] };
  }
  const [post, username, badgeNumber] = parts as [string, string, string];
  const errors: DocumentIssue[] = [];
  if (!/^[A-Z0-9-]{2,16}$/.test(post)) errors.push(issue('post', 'post'));
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(username)) errors.push(issue('username', 'username'));
  if (!/^[A-Z0-9-]{1,20}$/.test(badgeNumber)) errors.push(issue('badgeNumber', 'badgeNumber'));
  return { kind: 'badge', valid: errors.length === 0, fields: { post, username, badgeNumber }, errors, warnings: [], repairs: [] };
}
