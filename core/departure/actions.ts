/**
 * What a role may do in a passage, given its verdict, the supervisor's decision and the facts
 * already recorded for the PV. Pure: main enforces it before writing any fact, and the same answer
 * is what the desk offers. Money (per diem) and the exit stamp need a cleared passage: ALLOW, or a
 * REFER the supervisor allowed. Nothing is offered on a DENY.
 */
import { RULE_BLOCKS_FACTS } from './rules';
import type { RuleId, RuleStatus } from './rules';
import type { Verdict } from './verify';

export const DEPARTURE_ACTIONS = ['checkin', 'exchange', 'pay', 'stamp', 'settle', 'void'] as const;
export type DepartureAction = (typeof DEPARTURE_ACTIONS)[number];

export interface ActionContext {
  verdict: Verdict;
  rules: readonly { id: RuleId | string; status: RuleStatus }[];
  pvNumber: string | null;
  /** Facts recorded for the PV (null: no PV). */
  done: { checkin: boolean; exchange: boolean; perDiem: boolean; stamp: boolean } | null;
  /** The supervisor's decision covering this passage, if any. */
  settlement: 'allow' | 'deny' | null;
  /**
   * The PV was chosen by hand (flight board) and no travel document has been checked against it
   * yet: nothing is recorded for a person whose identity no document has confirmed.
   */
  identityPending?: boolean;
}

/** No PV rule that blocks facts failed: the PV was found, is active, valid now, for this post. */
export function pvUsable(rules: ActionContext['rules']): boolean {
  return rules.every((r) => r.status !== 'failed' || !(RULE_BLOCKS_FACTS as Record<string, boolean>)[r.id]);
}

/** ALLOW, or a REFER a supervisor allowed: the only passages that may receive money or a stamp. */
export function isCleared(ctx: Pick<ActionContext, 'verdict' | 'settlement'>): boolean {
  return ctx.verdict === 'ALLOW' || (ctx.verdict === 'REFER' && ctx.settlement === 'allow');
}

/** A passage that will not leave: DENY, or a REFER the supervisor refused. */
export function isRefused(ctx: Pick<ActionContext, 'verdict' | 'settlement'>): boolean {
  return ctx.verdict === 'DENY' || ctx.settlement === 'deny';
}

export function allowedActions(ctx: ActionContext, role: string): DepartureAction[] {
  const actions: DepartureAction[] = [];
  const { done } = ctx;
  const cleared = isCleared(ctx);
  if (ctx.identityPending)
    return role === 'supervisor' && done && (done.checkin || done.exchange || done.perDiem || done.stamp) ? ['void'] : [];
  if (role === 'escort' && ctx.pvNumber && done && pvUsable(ctx.rules) && !isRefused(ctx)) {
    if (!done.checkin) actions.push('checkin');
    if (!done.exchange) actions.push('exchange');
    if (!done.perDiem && cleared) actions.push('pay');
  }
  if (role === 'officer' && ctx.pvNumber && done && !done.stamp && cleared) actions.push('stamp');
  if (role === 'supervisor') {
    if (ctx.verdict === 'REFER' && ctx.settlement === null) actions.push('settle');
    if (done && (done.checkin || done.exchange || done.perDiem || done.stamp)) actions.push('void');
  }
  return actions;
}
