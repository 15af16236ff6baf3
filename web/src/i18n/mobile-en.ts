// English strings for the mobile bar, sign-out confirmation, keyboard shortcuts and loading
// placeholders (t.mobile).
export const mobileEn = {
  bottomNav: 'Quick navigation',
  more: 'More',
  closeMore: 'Close the menu',
  compose: 'New post',
  signOutConfirm: 'You can sign in again at any time.',
  signOutYes: 'Sign out',
  loading: 'Loading…',
  shortcuts: {
    title: 'Keyboard shortcuts',
    close: 'Close',
    keyHeader: 'Key',
    actionHeader: 'Action',
    then: 'then',
    list: [
      ['n', 'Write a new post'],
      ['j', 'Next post'],
      ['k', 'Previous post'],
      ['f', 'Like the post'],
      ['b', 'Boost the post'],
      ['r', 'Reply to the post'],
      ['o', 'Open the post’s thread (or Enter)'],
      ['/', 'Search'],
      ['g h', 'Go home'],
      ['g n', 'Go to notifications'],
      ['?', 'Show this list'],
      ['Esc', 'Close a dialog or leave a text field'],
    ] as [string, string][],
  },
  share: {
    title: 'Share',
  },
};
