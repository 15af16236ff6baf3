// English for what the server refuses or limits (t.apiErrors): its answers are English and
// technical, so the app says each in the reader's language, next to the field it is about.
export const errorsEn = {
  /** `when` is relative, from Intl.RelativeTimeFormat ("in 5 minutes"). */
  rateLimited: (when: string) => `Too many requests from you in a short time. You can go on ${when}.`,
  postHeld: (when: string) => `Not sent yet: too many requests in a short time. It is kept on this device and will be posted ${when}.`,
  sending: 'Sending…',
  loadFailed: 'This could not be loaded.',
  signUpFailed: 'The account could not be created. Check the fields marked below.',
  field: {
    username: {
      ERR_TAKEN: 'This username is already taken.',
      ERR_RESERVED: 'This username is reserved. Choose another.',
      ERR_INVALID: 'Use only letters a–z, digits and underscores (up to 30).',
    },
    email: {
      ERR_TAKEN: 'An account already uses this email address.',
      ERR_BLOCKED: 'Sign-ups from this email provider are not allowed here.',
      ERR_INVALID: 'This is not a valid email address.',
    },
    password: {
      ERR_TOO_SHORT: 'The password is too short: at least 8 characters.',
      ERR_TOO_LONG: 'The password is too long: at most 72 characters.',
    },
    reason: {
      ERR_BLANK: 'Say why you want to join.',
      ERR_TOO_LONG: 'This is too long: at most 1000 characters.',
    },
    invite_code: { ERR_INVALID: 'This invite is invalid, expired or used up.' },
    agreement: { ERR_ACCEPTED: 'You need to accept the server’s rules.' },
    other: 'This is not valid.',
  },
  hint: {
    username: 'Letters a–z, digits and underscores, up to 30.',
    password: 'At least 8 characters, at most 72.',
    rules: 'Server rules',
    agree: 'By creating an account you agree to follow these rules.',
  },
  post: {
    blank: 'Write something first (or add an image).',
    tooLong: 'The post is longer than this server allows.',
    replyGone: 'The post you are replying to no longer exists, or you can no longer see it.',
    media: 'One of the images could not be attached. Remove it and add it again.',
    language: 'The post’s language is not one the server knows.',
    forbidden: 'You are not allowed to do this.',
    other: (status: number) => `The server refused this (error ${status}).`,
  },
};
