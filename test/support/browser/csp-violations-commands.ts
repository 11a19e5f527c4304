/**
 * Server commands of `csp-violations-plugin.ts`: watch this page's Content Security Policy violations over the
 * DevTools protocol, every frame and from the first byte of each document. Types only, so both sides load it.
 */
export const CSP_COMMANDS = {
  watch: 'csp:watch',
  list: 'csp:list',
  stop: 'csp:stop',
} as const;

/** One violation as DevTools reports it (an `Audits` ContentSecurityPolicyIssue). */
export interface CspViolation {
  /** e.g. `style-src-attr`, `script-src-elem`, `connect-src`. */
  directive: string;
  /** e.g. `kInlineViolation`, `kURLViolation`, `kEvalViolation`. */
  kind: string;
  blockedUrl?: string;
  /** `url:line:column` of what caused it, when DevTools knows. */
  source?: string;
}
