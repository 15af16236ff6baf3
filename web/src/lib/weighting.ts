// The server's weighting for the post-length counter (src/posts/content.ts): twitter-text's own
// v3 table, as Twitter counts (letters below U+1100, Latin and Arabic alike, weigh 1; CJK and
// emoji 2; a link 23). Kept as plain data so test/e2e-web/counter.test.ts can check that the
// composer and the server count every sample the same.
export const WEIGHTING = {
  version: 3,
  maxWeightedTweetLength: 280,
  scale: 100,
  defaultWeight: 200,
  emojiParsingEnabled: true,
  transformedURLLength: 23,
  ranges: [
    { start: 0, end: 4351, weight: 100 },
    { start: 8192, end: 8205, weight: 100 },
    { start: 8208, end: 8223, weight: 100 },
    { start: 8242, end: 8247, weight: 100 },
  ],
};
