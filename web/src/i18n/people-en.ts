// English strings for people, grouped notifications, the image viewer and threads (t.people).
// A grouped notification's sentence takes the first person's name and "and N others" already
// worded for the count (`others`, empty when alone).
import { plural } from './plural';

export const peopleEn = {
  notifications: {
    filters: 'Show notifications',
    all: 'All',
    mentions: 'Mentions',
    others: plural('en', { zero: () => '', one: () => ' and 1 other', other: (n) => ` and ${n} others` }),
    favourite: (name: string, others: string) => `${name}${others} liked your post`,
    reblog: (name: string, others: string) => `${name}${others} reposted your post`,
    follow: (name: string, others: string) => `${name}${others} followed you`,
    follow_request: (name: string, others: string) => `${name}${others} asked to follow you`,
    emptyMentions: 'No mentions yet.',
  },
  profile: {
    tabs: 'Posts of this account',
    posts: 'Posts',
    withReplies: 'Posts & replies',
    media: 'Media',
    joined: (date: string) => `Joined ${date}`,
    fields: 'About',
    verified: (date: string) => `Verified link: the page links back to this profile (checked ${date})`,
    followersOf: (name: string) => `People following ${name}`,
    followingOf: (name: string) => `People ${name} follows`,
    noFollowers: 'No followers yet.',
    noFollowing: 'Not following anyone yet.',
    followers: plural('en', { one: () => '1 follower', other: (n) => `${n} followers` }),
    following: plural('en', { one: () => '1 following', other: (n) => `${n} following` }),
    posts_count: plural('en', { one: () => '1 post', other: (n) => `${n} posts` }),
  },
  suggestions: {
    title: 'Who to follow',
    none: 'No suggestions for now.',
  },
  onboarding: {
    title: 'Welcome to Sirb',
    lead: 'Your home timeline shows the posts of the people and hashtags you follow. Start here:',
    people: 'Follow a few people',
    tags: 'Pick hashtags you like',
    followTag: (tag: string) => `Follow #${tag}`,
    unfollowTag: (tag: string) => `Stop following #${tag}`,
    noTags: 'No trending hashtags yet.',
    firstPost: 'Write your first post',
    firstPostHint: 'Say hello: the composer is at the top of this page.',
  },
  media: {
    open: (alt: string) => `View image: ${alt}`,
    viewer: 'Image viewer',
    position: (i: string, n: string) => `Image ${i} of ${n}`,
    previous: 'Previous image',
    next: 'Next image',
    close: 'Close',
    alt: 'ALT',
    altTitle: 'This image has a description',
    altReminder: 'No description yet: add one so that people who cannot see the picture know what it shows.',
    noAlt: 'No description',
  },
  thread: {
    replyingTo: (name: string) => `Replying to ${name}`,
    continued: 'Continued thread',
    replyingToPost: 'Replying to a post',
    quoted: 'Quoted post',
  },
};
