/**
 * The people and conversations of the local console's demo workspace. One list feeds everything
 * that must agree on who is who: the demo policy's roles (by e-mail, as in production), the fake
 * Slack Web API's `users.info`, the fake Bot Connector's member lookups, and the page's user
 * switcher. A requester, two approvers (so a second approval above the threshold can be shown) and
 * an admin, as the issue asks.
 */
export interface DemoPerson {
  /** Short key the page and the console API use. */
  readonly key: string;
  readonly name: string;
  readonly email: string;
  readonly role: 'requester' | 'approver' | 'admin';
  readonly slack: { readonly userId: string; readonly username: string };
  /** Teams user id (an MRI, `29:...`) and the Entra object id a real activity carries. */
  readonly teams: { readonly id: string; readonly aadObjectId: string };
}

function person(key: string, name: string, role: DemoPerson['role'], n: number): DemoPerson {
  const hex = n.toString(16).padStart(12, '0');
  return {
    key,
    name,
    email: `${key}@console.example`,
    role,
    slack: { userId: `U0${key.toUpperCase()}`, username: key },
    teams: { id: `29:console-${key}`, aadObjectId: `00000000-0000-4000-8000-${hex}` },
  };
}

export const demoPeople: readonly DemoPerson[] = [
  person('tech', 'Tim Tech', 'requester', 1),
  person('ann', 'Ann Approver', 'approver', 2),
  person('bob', 'Bob Approver', 'approver', 3),
  person('admin', 'Ada Admin', 'admin', 4),
];

/** Ids of the demo workspace: the Slack team, the Teams tenant, the bot on both platforms. */
export const demoWorkspace = {
  slack: { teamId: 'T0CONSOLE', teamDomain: 'console', botUserId: 'U0PAX8BOT', botId: 'B0PAX8BOT', appId: 'A0PAX8BOT' },
  teams: { tenantId: '00000000-0000-4000-8000-00000000c0de', botId: '28:console-pax8-bot', botName: 'Pax8', teamId: '19:console-team@thread.tacv2' },
} as const;

/** A conversation shown in a pane: a channel everyone sees, or one person's chat with the bot. */
export interface DemoConversation {
  readonly id: string;
  readonly name: string;
  readonly kind: 'approvals' | 'channel' | 'personal';
  /** For a personal conversation: whose it is. */
  readonly owner?: string;
}

/** Slack channel id of the approvals channel in console mode (the config file's default example). */
export const consoleSlackApprovalsChannel = 'C0APPROVALS';
/** Teams channel conversation id of the approvals channel in console mode. */
export const consoleTeamsApprovalsConversation = '19:console-approvals@thread.tacv2';

/** A person's DM with the bot: `D` + user id, the id the fake Web API's `conversations.open` gives. */
export function slackDmOf(person: DemoPerson): string {
  return `D${person.slack.userId}`;
}

/** Every conversation of a platform in the demo workspace; personal chats for every person. */
export function demoConversations(platform: 'slack' | 'teams'): DemoConversation[] {
  const shared: DemoConversation[] =
    platform === 'slack'
      ? [
          { id: consoleSlackApprovalsChannel, name: '#pax8-approvals', kind: 'approvals' },
          { id: 'C0GENERAL', name: '#it-team', kind: 'channel' },
        ]
      : [
          { id: consoleTeamsApprovalsConversation, name: 'IT / Pax8 approvals', kind: 'approvals' },
          { id: '19:console-general@thread.tacv2', name: 'IT / General', kind: 'channel' },
        ];
  const personal = demoPeople.map((p): DemoConversation => ({
    id: platform === 'slack' ? slackDmOf(p) : `a:console-personal-${p.key}`,
    name: 'Pax8 (chat with the bot)',
    kind: 'personal',
    owner: p.key,
  }));
  return [...shared, ...personal];
}

/** Finds a person by key, Slack user id, Teams id or e-mail. */
export function findDemoPerson(idOrKey: string): DemoPerson | undefined {
  const wanted = idOrKey.toLowerCase();
  return demoPeople.find(
    (p) => p.key === wanted || p.email === wanted || p.slack.userId.toLowerCase() === wanted || p.teams.id.toLowerCase() === wanted || p.teams.aadObjectId === wanted,
  );
}
