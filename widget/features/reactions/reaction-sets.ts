/** The emoji offered for message reactions and for room reactions. */
export const MESSAGE_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;
export const ROOM_REACTIONS = ['👍', '❤️', '🎉', '👏'] as const;
