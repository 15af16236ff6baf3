export const SIRB_VERSION = '0.1.0';
/** Clients gate features on the Mastodon version they see; Sirb implements 4.3's client API. */
export const MASTODON_COMPATIBLE_VERSION = '4.3.0';
