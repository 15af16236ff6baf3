// English list of keyboard shortcuts: only the lazily loaded dialog (ShortcutsHelp) uses it.
export const shortcutsEn = {
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
    ['Esc', 'Close a dialog or menu'],
  ] as [string, string][],
};
