// Trend scoring, pure. A tag trends when the accounts using it in the last day clearly exceed
// what is usual for that tag (its own daily average over the week before), so a tag that is
// always busy does not trend and a quiet tag that suddenly draws many voices does.
// The score is the chi-square term (observed - expected)^2 / expected, as Mastodon ranks trends.

export const MIN_ACCOUNTS_TO_TREND = 3;
export const MIN_SCORE = 1;

export interface TagActivity {
  /** Distinct accounts that used the tag in the last 24 hours. */
  recentAccounts: number;
  /** Average distinct accounts per day over the seven days before that. */
  baselineAccounts: number;
}

export function trendScore({ recentAccounts, baselineAccounts }: TagActivity): number {
  const expected = Math.max(baselineAccounts, 1);
  if (recentAccounts < MIN_ACCOUNTS_TO_TREND || recentAccounts <= expected) return 0;
  // Growth must be real growth, not noise around a busy baseline: at least 1.5x the usual.
  if (recentAccounts < expected * 1.5) return 0;
  return (recentAccounts - expected) ** 2 / expected;
}

export function isTrending(activity: TagActivity): boolean {
  return trendScore(activity) >= MIN_SCORE;
}
