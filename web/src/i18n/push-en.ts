// English strings for push notifications on this device (t.push, settings/Push.tsx).
export const pushEn = {
  title: 'Push notifications',
  intro: 'Get a notification on this device when something happens, even while Sirb is closed.',
  toggle: 'Push notifications on this device',
  state: {
    on: 'On: this device gets notifications.',
    off: 'Off.',
    blocked: 'Blocked by the browser. Allow notifications for this site in the browser’s settings, then try again.',
    unsupported: 'This browser can’t receive push notifications.',
    checking: 'Checking…',
  },
  alertsLegend: 'Notify me about',
  alerts: {
    mention: 'Mentions',
    follow: 'New followers',
    follow_request: 'Follow requests',
    favourite: 'Favourites',
    reblog: 'Boosts',
    poll: 'Polls that ended',
    status: 'Posts from people I get notified about',
    update: 'Edits of posts I boosted',
  },
  policyLegend: 'From whom',
  policy: {
    all: 'Everyone',
    followed: 'People I follow',
    follower: 'My followers',
    none: 'No one',
  },
  saved: 'Saved',
  failed: 'That did not work. Try again.',
};
