// The server's weighting for the post-length counter (src/posts/content.ts): twitter-text v3,
// except that Arabic script weighs 2 like CJK, so 140 Arabic letters fill a 280 post as 280
// Latin letters do. Kept as plain data so test/e2e-web/counter.test.ts can check that the
// composer and the server count every sample the same.
const LIGHT = 100;

export const WEIGHTING = {
  version: 3,
  maxWeightedTweetLength: 280,
  scale: 100,
  defaultWeight: 200,
  emojiParsingEnabled: true,
  transformedURLLength: 23,
  ranges: [
    { start: 0x0000, end: 0x05ff, weight: LIGHT },
    { start: 0x0700, end: 0x074f, weight: LIGHT },
    { start: 0x0780, end: 0x086f, weight: LIGHT },
    { start: 0x0900, end: 4351, weight: LIGHT },
    { start: 8192, end: 8205, weight: LIGHT },
    { start: 8208, end: 8223, weight: LIGHT },
    { start: 8242, end: 8247, weight: LIGHT },
  ],
};
