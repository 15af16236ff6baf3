// A rise of a few reports a minute over a near-silent baseline is a strong signal, but the window
// tests (evidence.ts) see it late: each window must hold enough on its own, and the worst of a few
// unlucky minutes decides. A Poisson CUSUM is the optimal test for exactly this change (Page 1954;
// Lorden 1971: it minimises the worst-case delay for a given false-alarm rate). It accumulates the
// log-likelihood ratio of "the rate rose by `rise` a minute" against "the rate is the usual `base`":
// every report adds ln((base + rise) / base), every minute without one takes `rise` away, and it never
// goes below zero, so old quiet cannot bank credit against a new rise. It crosses `bar` (natural log
// units: e^bar to one against the usual rate) after a handful of reports where almost none are usual,
// and practically never from usual traffic, whose expected drift is negative.

export class RiseCusum {
  /** The statistic, as of `at` (ms). */
  value = 0;
  at = 0;

  /**
   * Folds in one report at `at`, judged against `base` reports a minute; returns the statistic.
   * `lift` is how much likelier the report's problem is in the outage than usually (share in the
   * outage over usual share; 1 when unknown): with shares p and q the ratio for this report is
   * (base·q + rise·p) / (base·q) and the drift stays `rise`, since the shares sum to one.
   */
  report(at: number, base: number, rise: number, lift = 1): number {
    this.decay(at, rise);
    this.value += Math.log((base + rise * lift) / base);
    return this.value;
  }

  /** The statistic at `at`, with no report since the last one. */
  peek(at: number, rise: number): number {
    return Math.max(0, this.value - (rise * Math.max(0, at - this.at)) / 60_000);
  }

  reset(at: number): void {
    this.value = 0;
    this.at = at;
  }

  private decay(at: number, rise: number): void {
    // Out-of-order reports count as "now" (as in the detector): time never runs backwards.
    if (at > this.at) {
      this.value = this.peek(at, rise);
      this.at = at;
    }
  }
}

/**
 * The usual rate the CUSUM is judged against, in reports a minute: the hour's learned rate (or the
 * previous hour's, early in an hour, or the recent level when the region runs hot), raised by
 * `margin` of its own relative uncertainty (a young baseline, hour-to-hour swings), and never below
 * `floor` (a region that is usually silent is not infinitely surprised by one report).
 */
export function cusumBase(rate: number, shape: number, cv2: number, margin: number, floor: number): number {
  return Math.max(floor, rate * (1 + margin * Math.sqrt(1 / shape + cv2)));
}

/**
 * The rise to look for over `base`: a few reports a minute where almost none are usual, but a
 * multiple of the usual rate where there are several a minute, since busier regions swing by a
 * share of themselves (a holiday evening can run at twice its usual level from one hour to the next).
 */
export function cusumRise(base: number, o: { cusumRise: number; cusumRiseShare: number }): number {
  return Math.max(o.cusumRise, o.cusumRiseShare * base);
}

/**
 * The related CUSUM's bar (natural-log units) for a region judged against `base` reports a minute,
 * while a share `share` of the other regions is open. Under the usual rate e^S is a martingale, so
 * an excursion (each report that finds the statistic at zero starts one) reaches h with probability
 * at most e^−h (Ville): false alarms ≤ 60·base·e^−h an hour. Setting that to the target ρ gives
 * h = ln(60·base / ρ); at ρ = 10⁻⁴ a region that is usually silent (base 0.05, the floor) needs
 * 10.3 nats, three reports close together (ln 61 = 4.1 each at a rise of 3); one at half a report
 * a minute (base ≈ 0.8 with its margin) 13.1. The prior: once a share s of the other regions is
 * open, a region rising is likelier part of it, odds (1 + w·s), and the bar drops by their
 * logarithm: at w = 10 two reports within a few seconds suffice in a silent region once about
 * three quarters of the others are open (8.2 ≥ 10.3 − ln 8.5).
 */
export function relatedCusumBar(base: number, share: number, o: { cusumRelatedFalseAlarmsPerHour: number; relatedPriorWeight: number }): number {
  return Math.log((60 * base) / o.cusumRelatedFalseAlarmsPerHour) - Math.log(1 + o.relatedPriorWeight * share);
}
