// Deep imports keep the bundle to the three functions the composer needs (the package's index
// pulls in autolinking, cashtags and more). Their types come from @types/twitter-text.
declare module 'twitter-text/dist/esm/parseTweet' {
  const parseTweet: typeof import('twitter-text').parseTweet;
  export default parseTweet;
}
declare module 'twitter-text/dist/esm/extractHashtagsWithIndices' {
  const extract: typeof import('twitter-text').extractHashtagsWithIndices;
  export default extract;
}
declare module 'twitter-text/dist/esm/extractMentionsWithIndices' {
  const extract: typeof import('twitter-text').extractMentionsWithIndices;
  export default extract;
}
