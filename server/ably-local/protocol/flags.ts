/** ProtocolMessage flags (Ably spec TR3). DESIGN §2.1. */
export const Flag = {
  HAS_PRESENCE: 1 << 0,
  HAS_BACKLOG: 1 << 1,
  RESUMED: 1 << 2,
  TRANSIENT: 1 << 4,
  ATTACH_RESUME: 1 << 5,
  HAS_OBJECTS: 1 << 7,
  PRESENCE: 1 << 16,
  PUBLISH: 1 << 17,
  SUBSCRIBE: 1 << 18,
  PRESENCE_SUBSCRIBE: 1 << 19,
  ANNOTATION_PUBLISH: 1 << 21,
  ANNOTATION_SUBSCRIBE: 1 << 22,
  OBJECT_SUBSCRIBE: 1 << 24,
  OBJECT_PUBLISH: 1 << 25,
} as const;

export const MODE_ALL =
  Flag.PRESENCE |
  Flag.PUBLISH |
  Flag.SUBSCRIBE |
  Flag.PRESENCE_SUBSCRIBE |
  Flag.ANNOTATION_PUBLISH |
  Flag.ANNOTATION_SUBSCRIBE |
  Flag.OBJECT_SUBSCRIBE |
  Flag.OBJECT_PUBLISH;

/**
 * Modes requested when an ATTACH names none: Ably's default set, `presence`, `publish`, `subscribe`,
 * `presence_subscribe` and `annotation_publish` (ably-js `attachWithInvalidChannelParams`), before the
 * capability narrows it (DESIGN §4.2).
 */
export const DEFAULT_MODES =
  Flag.PRESENCE | Flag.PUBLISH | Flag.SUBSCRIBE | Flag.PRESENCE_SUBSCRIBE | Flag.ANNOTATION_PUBLISH;

/** Channel mode names as `ChannelOptions.modes` and the `modes` channel param spell them (TB2d, lower case). */
export const MODE_FLAGS: Readonly<Record<string, number>> = {
  presence: Flag.PRESENCE,
  publish: Flag.PUBLISH,
  subscribe: Flag.SUBSCRIBE,
  presence_subscribe: Flag.PRESENCE_SUBSCRIBE,
  annotation_publish: Flag.ANNOTATION_PUBLISH,
  annotation_subscribe: Flag.ANNOTATION_SUBSCRIBE,
  object_subscribe: Flag.OBJECT_SUBSCRIBE,
  object_publish: Flag.OBJECT_PUBLISH,
};

export function hasFlag(flags: number, flag: number): boolean {
  return (flags & flag) === flag;
}
