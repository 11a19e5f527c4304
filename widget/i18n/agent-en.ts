import type { AgentStrings } from './strings.js';

/** English: the strings of an agent's streamed reply (see {@link AgentStrings}). */
export const agentEn: AgentStrings = {
  writing: 'Writing…',
  stop: 'Stop',
  stopped: 'Stopped',
  failed: (reason) => (reason ? `The reply failed: ${reason}` : 'The reply failed.'),
  started: (name) => `${name} is writing a reply…`,
  stoppedWith: (name, text) => `${name}, stopped: ${text}`,
  failedWith: (name, reason) => `${name}: the reply failed.${reason ? ` ${reason}` : ''}`,
};
