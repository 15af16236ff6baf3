// Every screen of this area not needed on the first load of home, in one chunk: several small
// lazy chunks made the bundler split the modules they share with home into extra first-load
// files (each costing a request and some compression), pushing home past its JS budget.
export { default as ThreadPage } from './ThreadPage';
export { default as ProfilePage } from './ProfilePage';
export { default as NotificationsPage } from './NotificationsPage';
export { default as FollowList } from './FollowList';
export { default as Onboarding } from '../../components/people/Onboarding';
export { default as MediaViewer } from '../../components/people/MediaViewer';
export { default as QuotedPost } from '../../components/people/QuotedPost';
export { default as ProfileAbout } from '../../components/people/ProfileDetails';
