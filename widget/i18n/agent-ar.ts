import type { AgentStrings } from './strings.js';

/** Arabic (right to left): the strings of an agent's streamed reply (see {@link AgentStrings}). */
export const agentAr: AgentStrings = {
  writing: 'يكتب…',
  stop: 'إيقاف',
  stopped: 'أُوقف',
  failed: (reason) => (reason ? `تعذّر إكمال الرد: ${reason}` : 'تعذّر إكمال الرد.'),
  started: (name) => `${name} يكتب ردًا…`,
  stoppedWith: (name, text) => `${name}، أُوقف: ${text}`,
  failedWith: (name, reason) => `${name}: تعذّر إكمال الرد.${reason ? ` ${reason}` : ''}`,
};
