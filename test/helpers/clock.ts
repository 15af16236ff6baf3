// A clock that tests move by hand, for posts back-dated into the past (trends, history).
export interface TestClock {
  (): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function testClock(start = Date.now()): TestClock {
  let now = start;
  const clock = (() => now) as TestClock;
  clock.set = (ms) => {
    now = ms;
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

/**
 * A clock that runs with real time but starts one second into a fresh fixed window of
 * `windowSeconds`. Rate-limit windows are aligned to the epoch, so a test that counts requests
 * against a real clock fails whenever a window ends mid-test (the count starts over).
 */
export function freshWindowClock(windowSeconds: number): () => number {
  const windowMs = windowSeconds * 1000;
  const shift = (Date.now() % windowMs) - 1000;
  return () => Date.now() - shift;
}
