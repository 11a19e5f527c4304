import type { AgentStrings } from './strings.js';

/** Spanish: the strings of an agent's streamed reply (see {@link AgentStrings}). */
export const agentEs: AgentStrings = {
  writing: 'Escribiendo…',
  stop: 'Detener',
  stopped: 'Detenida',
  failed: (reason) => (reason ? `La respuesta falló: ${reason}` : 'La respuesta falló.'),
  started: (name) => `${name} está escribiendo una respuesta…`,
  stoppedWith: (name, text) => `${name}, detenida: ${text}`,
  failedWith: (name, reason) => `${name}: la respuesta falló.${reason ? ` ${reason}` : ''}`,
};
