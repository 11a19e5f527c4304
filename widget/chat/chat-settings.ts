/*
 * The element's attributes, declared ONCE: the loader element derives its observed attributes and its property
 * accessors from this table, hands the chat one `ChatSettings` snapshot built from it, and the build checks the
 * manifest's attributes against it (test/widget/chat/chat-settings.test.ts). Their documentation is the class
 * comment of `EmbeddedChat` (the `@attribute` tags), from which the manifest and docs/element.md come.
 */

type AttributeType = 'string' | 'boolean' | readonly string[];

/** Property name → attribute, and how its value reads (a string, a boolean, or one of a set with a default first). */
export const ATTRIBUTES = {
  task: { attribute: 'task', type: 'string' },
  tokenUrl: { attribute: 'token-url', type: 'string' },
  participantToken: { attribute: 'participant-token', type: 'string' },
  userToken: { attribute: 'user-token', type: 'string' },
  theme: { attribute: 'theme', type: ['auto', 'light', 'dark'] },
  compact: { attribute: 'compact', type: 'boolean' },
  status: { attribute: 'status', type: 'string' },
  loading: { attribute: 'loading', type: ['lazy', 'eager'] },
  pushWorker: { attribute: 'push-worker', type: 'string' },
} as const satisfies Record<string, { attribute: string; type: AttributeType }>;

type ValueOf<T extends AttributeType> = T extends 'string'
  ? string
  : T extends 'boolean'
    ? boolean
    : T extends readonly (infer V)[]
      ? V
      : never;

/** The element's properties that reflect its attributes. */
export type AttributeProperties = {
  -readonly [K in keyof typeof ATTRIBUTES]: ValueOf<(typeof ATTRIBUTES)[K]['type']>;
};

/** Everything the chat reads from its element: a fresh snapshot on every change. */
export interface ChatSettings extends AttributeProperties {
  getParticipantToken?: () => Promise<string>;
  getUserToken?: () => Promise<string>;
  /** BCP 47 tag: the element's `lang`, else its nearest ancestor's, else the document's. */
  language: string;
  /** `ltr`, `rtl`, or empty for the language's own direction (the element's `dir`). */
  direction: string;
}

/** Defines a getter and setter on `target` for every attribute of the table. */
export function defineAttributeProperties(target: HTMLElement): void {
  for (const [property, { attribute, type }] of Object.entries(ATTRIBUTES) as [
    string,
    { attribute: string; type: AttributeType },
  ][]) {
    Object.defineProperty(target, property, {
      configurable: true,
      enumerable: true,
      get(this: HTMLElement) {
        if (type === 'boolean') return this.hasAttribute(attribute);
        const value = this.getAttribute(attribute);
        if (type === 'string') return value ?? '';
        return value !== null && type.includes(value) ? value : type[0];
      },
      set(this: HTMLElement, value: unknown) {
        if (type === 'boolean') this.toggleAttribute(attribute, Boolean(value));
        else this.setAttribute(attribute, String(value));
      },
    });
  }
}

/** The values of every attribute of the table, read through the element's properties. */
export function readAttributes(element: AttributeProperties): AttributeProperties {
  const values: Record<string, unknown> = {};
  for (const property of Object.keys(ATTRIBUTES))
    values[property] = element[property as keyof AttributeProperties];
  return values as AttributeProperties;
}

/** The attribute names the element observes: its own and the global `lang` and `dir`. */
export const OBSERVED_ATTRIBUTES: readonly string[] = [
  ...Object.values(ATTRIBUTES).map((a) => a.attribute),
  'lang',
  'dir',
];
