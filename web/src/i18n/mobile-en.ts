// English strings for the mobile bar, the sign-out confirmation and loading placeholders
// (t.mobile). The shortcuts list is in shortcuts-en.ts, loaded with its dialog.
export const mobileEn = {
  bottomNav: 'Quick navigation',
  more: 'More',
  compose: 'New post',
  signOutConfirm: 'You can sign in again at any time.',
  signOutYes: 'Sign out',
  loading: 'Loading…',
  slow: 'This is taking longer than usual. Still trying…',
};
