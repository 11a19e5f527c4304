/** What the inbox view reads from `<embedded-chat-inbox>`: a fresh snapshot on every change. */
export interface InboxSettings {
  tokenUrl: string;
  userToken: string;
  /** The element's `getUserToken()`, called only when {@link hasGetUserToken} says it has one. */
  getUserToken: () => Promise<string>;
  hasGetUserToken: () => boolean;
  theme: string;
  /** The task whose row is selected (and whose conversation is open with `open="inline"`). */
  selected: string;
  /** `inline`: the inbox shows the selected conversation itself; anything else: only the list. */
  open: string;
  language: string;
  direction: string;
}

/** The attributes `<embedded-chat-inbox>` observes. */
export const INBOX_ATTRIBUTES = [
  'token-url',
  'user-token',
  'theme',
  'selected',
  'open',
  'lang',
  'dir',
] as const;
