import { renderDeleteConfirm, renderRowActions } from '../features/messages/row-actions-view.js';
import { rowActionsStyles } from '../features/messages/row-actions.styles.js';
import { panelStyles } from '../features/participants/panel.styles.js';
import { renderParticipants } from '../features/participants/participants-view.js';
import { renderNotify } from '../features/push/notify-view.js';
import { PushController } from '../features/push/push-controller.js';
import { reactionPickerStyles } from '../features/reactions/reaction-picker.styles.js';
import { renderReactionPicker } from '../features/reactions/reaction-picker.js';

/**
 * What the chat needs only once someone acts, loaded (and so cached) right after the first conversation is
 * painted, or at the first hover, focus or press that needs it: the message toolbar (react, edit, delete) and
 * delete confirmation, the reaction picker, the participants panel and "notify me". The first conversation
 * does not wait for any of it.
 */
export const extras = {
  renderRowActions,
  renderDeleteConfirm,
  renderReactionPicker,
  renderParticipants,
  renderNotify,
  PushController,
  styles: [rowActionsStyles, reactionPickerStyles, panelStyles],
};

export type Extras = typeof extras;
