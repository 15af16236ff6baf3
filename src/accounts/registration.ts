// What makes a new account: the checks a sign-up and the owner command share, and the row.
import type { NewAccount } from '../db/schema.js';
import { ApiError } from '../http/errors.js';
import { searchForm } from '../lib/arabic.js';

export const USERNAME_PATTERN = /^[a-zA-Z0-9_]{1,30}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const SUPPORTED_LOCALES = ['ar', 'en'];

/**
 * Names people would take for the server speaking (staff, mail roles, our own paths and name),
 * refused at sign-up as Mastodon refuses its reserved names. The owner command may still use one:
 * whoever runs the server is the server speaking.
 */
export const RESERVED_USERNAMES = new Set([
  'admin', 'administrator', 'admins', 'root', 'superuser', 'sysadmin', 'system', 'owner', 'staff',
  'mod', 'moderator', 'moderators', 'support', 'help', 'helpdesk', 'security', 'abuse', 'postmaster',
  'hostmaster', 'webmaster', 'mailer_daemon', 'noreply', 'no_reply', 'info', 'contact', 'official',
  'sirb', 'mastodon', 'status', 'api', 'oauth', 'www', 'web', 'settings', 'about', 'explore', 'search',
  'login', 'signin', 'signup', 'register', 'auth', 'media', 'assets', 'tags', 'users', 'account', 'accounts',
]);

export interface Registration {
  username: string;
  email: string;
  password: string;
  locale?: string;
  agreement?: boolean;
  /** Why they want to join: read by moderators when sign-ups need approval. */
  reason?: string;
  /** An invite's code (Mastodon's API takes it too): signs up when closed, without approval. */
  invite_code?: string;
}

/** How a sign-up is let in, decided before its row is written (accounts/service.ts). */
export interface Admission {
  approved: boolean;
  confirmed: boolean;
  inviteId: number | null;
}

export const MAX_REASON_LENGTH = 1000;

export type FieldErrors = Record<string, { error: string; description: string }[]>;

/** Mastodon's 422 with per-field details, so clients can show what is wrong where. */
export class RegistrationError extends ApiError {
  constructor(readonly details: FieldErrors) {
    super(422, `Validation failed: ${Object.values(details).flat().map((d) => d.description).join(', ')}`, undefined, details);
  }
}

/** The checks on the input alone (not on what the database holds). */
export function registrationErrors(input: Registration, options: { allowReserved: boolean; reasonRequired?: boolean }): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, error: string, description: string) => (errors[field] ??= []).push({ error, description });
  if (!USERNAME_PATTERN.test(input.username)) add('username', 'ERR_INVALID', 'Username must be 1-30 letters, digits or underscores');
  else if (!options.allowReserved && RESERVED_USERNAMES.has(input.username.toLowerCase())) add('username', 'ERR_RESERVED', 'Username is reserved');
  if (!EMAIL_PATTERN.test(input.email) || input.email.length > 254) add('email', 'ERR_INVALID', 'Email is not a valid address');
  if (input.password.length < 8) add('password', 'ERR_TOO_SHORT', 'Password is too short (minimum is 8 characters)');
  if (input.password.length > 72) add('password', 'ERR_TOO_LONG', 'Password is too long (maximum is 72 characters)');
  if (input.agreement === false) add('agreement', 'ERR_ACCEPTED', 'Agreement must be accepted');
  if (input.locale !== undefined && !SUPPORTED_LOCALES.includes(input.locale)) add('locale', 'ERR_INCLUSION', 'Locale is not supported');
  const reason = input.reason?.trim() ?? '';
  if (options.reasonRequired && !reason) add('reason', 'ERR_BLANK', "Reason can't be blank");
  if (reason.length > MAX_REASON_LENGTH) add('reason', 'ERR_TOO_LONG', `Reason is too long (maximum is ${MAX_REASON_LENGTH} characters)`);
  return errors;
}

export function newAccountRow(
  input: Registration,
  fields: { id: number; passwordHash: string; role: 'user' | 'owner'; now: number; admission?: Admission },
): NewAccount {
  const admission = fields.admission ?? { approved: true, confirmed: true, inviteId: null };
  return {
    id: fields.id,
    username: input.username,
    username_key: input.username.toLowerCase(),
    email: input.email.trim().toLowerCase(),
    password_hash: fields.passwordHash,
    display_name: '',
    note: '',
    locale: input.locale ?? 'ar',
    role: fields.role,
    bot: 0,
    locked: 0,
    discoverable: 1,
    default_visibility: 'public',
    avatar_url: null,
    header_url: null,
    search_text: searchForm(input.username),
    last_status_at: null,
    suspended_at: null,
    approved: admission.approved ? 1 : 0,
    confirmed: admission.confirmed ? 1 : 0,
    invite_id: admission.inviteId,
    sign_up_reason: input.reason?.trim() || null,
    created_at: fields.now,
  };
}

/** Which unique index refused an insert: the email's, the username's, or the single owner's. */
export function uniqueViolation(error: unknown): 'email' | 'username' | 'owner' | null {
  const text = String((error as { detail?: string })?.detail ?? '') + String(error);
  if (!/unique|duplicate/i.test(text)) return null;
  // PostgreSQL names the index (accounts_one_owner); SQLite names the column (accounts.role).
  if (/owner|accounts\.role/i.test(text)) return 'owner';
  if (/email/i.test(text)) return 'email';
  return 'username';
}
