// English strings for the offline banner's one-tap report (t.outageReport, components/OutageBanner.tsx).
export const outageReportEn = {
  report: 'Report a problem',
  sending: 'Sending…',
  thanks: 'Reported, thank you.',
  failed: 'The report could not be sent. Try again.',
};
