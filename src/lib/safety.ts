/** Where Quick exit goes: an everyday site that says nothing about why someone left. */
export const NEUTRAL_SITE = 'https://www.google.com/';
