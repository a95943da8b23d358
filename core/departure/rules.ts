/**
 * The departure rules: stable ids (the UI shows each as `data-testid="rule-<id>"`), their usual
 * severity and every reason each can give. A reason's i18n key is `rule.<id>.<reason>`; a rule's
 * title is `rule.<id>.title` (see messages.ts).
 */
import type { NameMatchReason } from './name-match';

export const RULE_IDS = [
  'document.present',
  'document.checks',
  'document.expiry',
  'pv.found',
  'pv.qr',
  'pv.document',
  'pv.status',
  'pv.validity',
  'pv.post',
  'identity.name',
  'identity.birthDate',
  'identity.nationality',
  'identity.sex',
  'ticket.boardingPass',
  'ticket.name',
  'ticket.date',
  'ticket.airport',
  'ticket.flight',
  'ticket.reference',
  'departure.notAlready',
  'flags.minor',
  'flags.trafficking',
  'flags.escort',
] as const;

export type RuleId = (typeof RULE_IDS)[number];
export type RuleStatus = 'passed' | 'failed' | 'notApplicable';
export type RuleSeverity = 'deny' | 'refer';

const NAME_REASONS = [
  'exact',
  'normalized',
  'givenNamesOrder',
  'transliteration',
  'truncated',
  'givenNamesAbbreviated',
  'givenNameMissing',
  'swapped',
  'typo',
  'surnameDiffers',
  'givenNamesDiffer',
  'empty',
] as const satisfies readonly NameMatchReason[];

/** Every reason each rule can give. */
export const RULE_REASONS = {
  'document.present': ['present', 'missing'],
  'document.checks': ['passed', 'failed', 'manual', 'noDocument'],
  'document.expiry': ['valid', 'validFromPv', 'expired', 'unreadable', 'unknown', 'noDocument'],
  'pv.found': ['cache', 'qr', 'notFound', 'awaitingDocument'],
  'pv.qr': ['valid', 'none', 'invalid', 'otherPv', 'newerThanCache'],
  'pv.document': ['matches', 'numberDiffers', 'issuingStateDiffers', 'noPv', 'noDocument'],
  'pv.status': ['active', 'notInCache', 'revoked', 'used', 'noPv'],
  'pv.validity': ['valid', 'notYetValid', 'expired', 'noPv'],
  'pv.post': ['thisPost', 'anyPost', 'otherPost', 'noPv'],
  'identity.name': [...NAME_REASONS, 'noPv', 'noDocument'],
  'identity.birthDate': ['matches', 'differs', 'partialDate', 'unreadable', 'noPv', 'noDocument'],
  'identity.nationality': ['matches', 'differs', 'noPv', 'noDocument'],
  'identity.sex': ['matches', 'differs', 'unspecified', 'noPv', 'noDocument'],
  'ticket.boardingPass': ['present', 'missing', 'landTicket', 'noPv'],
  'ticket.name': [...NAME_REASONS, 'noPv', 'noBoardingPass'],
  'ticket.date': ['inWindow', 'outOfWindow', 'unknown', 'noBoardingPass'],
  'ticket.airport': ['matches', 'otherAirport', 'noLeg', 'landPost', 'noBoardingPass'],
  'ticket.flight': ['matches', 'differs', 'landTicket', 'noPv', 'noBoardingPass'],
  'ticket.reference': ['matches', 'differs', 'missingOnPass', 'noReference', 'noPv', 'noBoardingPass'],
  'departure.notAlready': ['notDeparted', 'alreadyDeparted', 'notChecked', 'noPv'],
  'flags.minor': ['adult', 'minorFlag', 'minorByAge', 'noPv'],
  'flags.trafficking': ['none', 'flagged', 'noPv'],
  'flags.escort': ['none', 'flagged', 'noPv'],
} as const satisfies Record<RuleId, readonly string[]>;

export type RuleReason<Id extends RuleId> = (typeof RULE_REASONS)[Id][number];

/** The severity a rule's failure has unless the outcome says otherwise. */
export const RULE_SEVERITY: Record<RuleId, RuleSeverity> = {
  'document.present': 'refer',
  'document.checks': 'deny',
  'document.expiry': 'deny',
  'pv.found': 'deny',
  'pv.qr': 'deny',
  'pv.document': 'deny',
  'pv.status': 'deny',
  'pv.validity': 'deny',
  'pv.post': 'deny',
  'identity.name': 'deny',
  'identity.birthDate': 'deny',
  'identity.nationality': 'deny',
  'identity.sex': 'refer',
  'ticket.boardingPass': 'refer',
  'ticket.name': 'deny',
  'ticket.date': 'deny',
  'ticket.airport': 'deny',
  'ticket.flight': 'refer',
  'ticket.reference': 'refer',
  'departure.notAlready': 'deny',
  'flags.minor': 'refer',
  'flags.trafficking': 'refer',
  'flags.escort': 'refer',
};

/**
 * Whether a failure of the rule means the PV itself cannot be acted on (not found, revoked,
 * expired, for another post, a bad QR): no check-in, exchange, per diem or stamp, whatever a
 * supervisor says. Every rule must say so here, so a new rule cannot slip past the check.
 */
export const RULE_BLOCKS_FACTS: Record<RuleId, boolean> = {
  'document.present': false,
  'document.checks': false,
  'document.expiry': false,
  'pv.found': true,
  'pv.qr': true,
  'pv.document': false,
  'pv.status': true,
  'pv.validity': true,
  'pv.post': true,
  'identity.name': false,
  'identity.birthDate': false,
  'identity.nationality': false,
  'identity.sex': false,
  'ticket.boardingPass': false,
  'ticket.name': false,
  'ticket.date': false,
  'ticket.airport': false,
  'ticket.flight': false,
  'ticket.reference': false,
  'departure.notAlready': false,
  'flags.minor': false,
  'flags.trafficking': false,
  'flags.escort': false,
};

export function ruleReasonKey(id: RuleId, reason: string): string {
  return `rule.${id}.${reason}`;
}

export function ruleTitleKey(id: RuleId): string {
  return `rule.${id}.title`;
}
