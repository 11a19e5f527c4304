/**
 * The demo's tasks and people: what a host app (a help desk, a marketplace, a game) would keep in its own
 * database. Served to the demo pages as JSON; the host side signs participant tokens only for these.
 */
export interface DemoPerson {
  userId: string;
  name: string;
  role: 'customer' | 'agent' | 'bot' | 'buyer' | 'seller' | 'courier' | 'player' | 'observer';
  /** A status line the pane starts with (the courier's "5 min away"). */
  status?: string;
  /** Not shown as a pane (the bot speaks through the host backend). */
  hidden?: boolean;
}

export interface DemoScenario {
  id: 'ticket' | 'order' | 'game';
  task: string;
  type: string;
  title: string;
  /** What the page says about the scenario. */
  blurb: string;
  people: DemoPerson[];
  /** Messages to start from when the task has no history yet: [userId, text, a picture to attach?]. */
  seed: [string, string, DemoPicture?][];
}

/** The pictures the demo's people send (drawn in `demo-pictures.ts`). */
export type DemoPicture = 'vase' | 'screenshot';

export const SCENARIOS: DemoScenario[] = [
  {
    id: 'ticket',
    task: 'ticket:1042',
    type: 'ticket',
    title: 'Ticket 1042 · Can’t sign in after the update',
    blurb:
      'A support ticket with Ana’s screenshot. Write as Ana: the help bot’s answer streams in word by word (Stop it if you like) and it hands the ticket over to Dana, the agent. Ask it to research your order history, close Ana’s pane while it works, and watch the push arrive in the outbox.',
    people: [
      { userId: 'u-ana', name: 'Ana García', role: 'customer' },
      { userId: 'u-dana', name: 'Dana Ortiz', role: 'agent', status: 'available' },
      { userId: 'u-helpbot', name: 'Help bot', role: 'bot', hidden: true },
    ],
    seed: [['u-ana', 'I can’t sign in since the update — this is what I see.', 'screenshot']],
  },
  {
    id: 'order',
    task: 'order:8841',
    type: 'order',
    title: 'Order 8841 · Blue ceramic vase',
    blurb:
      'A marketplace order with the buyer’s photo of the vase. Change the courier’s status and watch it in the buyer’s pane; try to share a phone number; drop a photo on a chat.',
    people: [
      { userId: 'u-ann', name: 'Ann Lee', role: 'buyer' },
      { userId: 'u-sam', name: 'Sam Potter', role: 'seller' },
      { userId: 'u-kofi', name: 'Kofi Mensah', role: 'courier', status: '5 min away' },
    ],
    seed: [
      ['u-ann', 'Hi! Is the blue vase still on track for Friday?'],
      ['u-sam', 'Yes, it is packed and with the courier now.'],
      ['u-kofi', 'Picked it up from the shop. On my way!'],
      ['u-ann', 'It just arrived, but the vase has a crack 😞', 'vase'],
    ],
  },
  {
    id: 'game',
    task: 'game:77',
    type: 'game',
    title: 'Game 77 · Friday night league',
    blurb: 'A game session. Two players chat; the caster watches and reads but cannot write.',
    people: [
      { userId: 'u-kai', name: 'Kai', role: 'player' },
      { userId: 'u-lu', name: 'Lu', role: 'player' },
      { userId: 'u-oli', name: 'Oli (caster)', role: 'observer' },
    ],
    seed: [
      ['u-kai', 'gg last round 🔥'],
      ['u-lu', 'Rematch at 9? Same map.'],
    ],
  },
];

/**
 * More of Dana's tickets and Sam's orders, so their inboxes (the desk pages) have rows to sort: seeded like the
 * scenarios, with no page of their own.
 */
export const INBOX_TASKS: Omit<DemoScenario, 'id' | 'blurb'>[] = [
  {
    task: 'ticket:1043',
    type: 'ticket',
    title: 'Ticket 1043 · Refund not received',
    people: [
      { userId: 'u-ben', name: 'Ben Okafor', role: 'customer' },
      { userId: 'u-dana', name: 'Dana Ortiz', role: 'agent' },
    ],
    seed: [
      ['u-ben', 'The refund for order 8790 has not arrived yet.'],
      ['u-dana', 'It went out on Monday — banks take 3–5 days.'],
    ],
  },
  {
    task: 'ticket:1044',
    type: 'ticket',
    title: 'Ticket 1044 · Change my delivery address',
    people: [
      { userId: 'u-mia', name: 'Mia Chen', role: 'customer' },
      { userId: 'u-dana', name: 'Dana Ortiz', role: 'agent' },
    ],
    seed: [['u-mia', 'Can you send my parcel to my office instead?']],
  },
  {
    task: 'order:8850',
    type: 'order',
    title: 'Order 8850 · Wool throw',
    people: [
      { userId: 'u-ben', name: 'Ben Okafor', role: 'buyer' },
      { userId: 'u-sam', name: 'Sam Potter', role: 'seller' },
    ],
    seed: [['u-ben', 'Does the throw come in grey too?']],
  },
  {
    task: 'order:8862',
    type: 'order',
    title: 'Order 8862 · Linen cushions (set of 4)',
    people: [
      { userId: 'u-mia', name: 'Mia Chen', role: 'buyer' },
      { userId: 'u-sam', name: 'Sam Potter', role: 'seller' },
    ],
    seed: [
      ['u-mia', 'Could you ship them together with my other order?'],
      ['u-sam', 'Sure, both leave on Monday.'],
    ],
  },
];

/** The inbox pages: one person's every conversation, the list beside the open one. */
export interface DemoDesk {
  id: 'desk' | 'seller';
  title: string;
  blurb: string;
  userId: string;
}

export const DESKS: DemoDesk[] = [
  {
    id: 'desk',
    title: 'Agent desk · Dana’s tickets',
    blurb:
      'Dana’s inbox: every ticket she is in, newest first, with unread counts. Write as Ana on the support ticket page in another tab and watch the row move and its badge grow; open it here and the badge clears.',
    userId: 'u-dana',
  },
  {
    id: 'seller',
    title: 'Seller · Sam’s orders',
    blurb:
      'Sam’s inbox on a narrow column: his orders live, the conversation beside the list. The buyer and courier panes of the marketplace order make its row move.',
    userId: 'u-sam',
  },
];

/** The product site page: a shop's page for one customer, with the chat of their ticket behind a launcher. */
export interface DemoShop {
  id: 'shop';
  title: string;
  blurb: string;
  userId: string;
  task: string;
}

export const SHOP: DemoShop = {
  id: 'shop',
  title: 'Product site · Ana’s view of the shop',
  blurb:
    'A shop’s page as Ana sees it, with her ticket behind the floating chat button. Write as Dana on the support ticket page (close Ana’s pane there first) and watch the badge count up here, and the tab’s title with it — nothing but the button has loaded; open it and the conversation loads and reads the messages.',
  userId: 'u-ana',
  task: 'ticket:1042',
};

export function findPerson(task: string, userId: string): DemoPerson | undefined {
  return [...SCENARIOS, ...INBOX_TASKS].find((s) => s.task === task)?.people.find((p) => p.userId === userId);
}
