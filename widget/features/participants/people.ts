import { parseUserClaim } from './user-claim.js';

/** A task participant as the backend lists them. */
export interface ListedParticipant {
  userId: string;
  name: string;
  role: string;
}

/** Someone in the room's presence set now. */
export interface PresentMember {
  clientId: string;
  userClaim?: string;
  status?: string;
}

/** A person as the header, the participants panel and the empty state show them. */
export interface Person {
  clientId: string;
  name: string;
  role?: string;
  status?: string;
}

export interface PanelEntry extends Person {
  present: boolean;
  self: boolean;
}

/**
 * Who is who, from the backend's participant list and the live presence set (pure): names and roles come from
 * the verified presence claim first, the backend's list second, the clientId last.
 */
export class People {
  readonly names: Map<string, string>;
  private readonly _others: Person[];

  constructor(
    private readonly _listed: ListedParticipant[],
    private readonly _present: PresentMember[],
    private readonly _me: string,
  ) {
    this.names = new Map(_listed.map((p) => [p.userId, p.name]));
    const claims = _present.map((m) => ({ member: m, claim: parseUserClaim(m.userClaim) }));
    for (const { member, claim } of claims) if (claim.name) this.names.set(member.clientId, claim.name);
    // Built once: the header, the panel and the greeting each ask for it in one render.
    this._others = claims
      .filter(({ member }) => member.clientId !== _me)
      .map(({ member, claim }) => ({
        clientId: member.clientId,
        name: this.names.get(member.clientId) ?? member.clientId,
        role: claim.role ?? _listed.find((p) => p.userId === member.clientId)?.role,
        status: member.status,
      }));
  }

  nameOf(clientId: string): string | undefined {
    return this.names.get(clientId);
  }

  /** Everyone here now but the viewer. */
  presentOthers(): Person[] {
    return this._others;
  }

  /** Every participant, present or away, plus anyone present the list does not know yet. */
  panel(): PanelEntry[] {
    const present = new Map(this._present.map((m) => [m.clientId, m]));
    const people: PanelEntry[] = this._listed.map((p) => ({
      clientId: p.userId,
      name: this.names.get(p.userId) ?? p.name,
      role: p.role,
      status: present.get(p.userId)?.status,
      present: present.has(p.userId) || p.userId === this._me,
      self: p.userId === this._me,
    }));
    for (const other of this.presentOthers()) {
      if (!people.some((p) => p.clientId === other.clientId))
        people.push({ ...other, present: true, self: false });
    }
    return people;
  }

  /** Whom an empty conversation invites to say hello to: someone present, else the first human participant. */
  greeting(): string | undefined {
    return (
      this.presentOthers()[0]?.name ??
      this._listed.find((p) => p.userId !== this._me && p.role !== 'bot' && p.role !== 'observer')?.name
    );
  }
}
