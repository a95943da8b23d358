/**
 * Which supervisor's decision covers a passage: its own settlement, or the newest settlement of
 * an earlier passage of the same PV whose failed rules include all of this one's (the supervisor
 * weighed exactly these concerns). A new concern needs a new decision. The desk
 * (main/services/departure-service.ts) and the flight board (core/flights/board.ts) both use it.
 */
export function coveringSettlement<Own, Earlier extends { failedRules: readonly string[] }>(
  passage: { verdict: 'ALLOW' | 'REFER' | 'DENY'; failedRules: readonly string[] },
  own: Own | null,
  newestOfPv: Earlier | null | undefined,
): Own | Earlier | null {
  if (own) return own;
  if (passage.verdict !== 'REFER' || !newestOfPv) return null;
  return passage.failedRules.every((id) => newestOfPv.failedRules.includes(id)) ? newestOfPv : null;
}
