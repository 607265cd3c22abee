import type { OnboardChecklistView } from '../../views/index.ts';

export interface ChecklistData {
  title: string;
  subtitle: string;
  items: { title: string; facts: { title: string; value: string }[] }[];
  note: string;
}

/**
 * The onboarding checklist: each thing left to do by hand, numbered, with the exact values to type.
 * The password is only described: the bot never made one for a request without a tenant.
 */
export function onboardChecklistData(view: OnboardChecklistView): ChecklistData {
  const u = view.user;
  const items: ChecklistData['items'] = [
    {
      title: 'Create the user in the Microsoft 365 admin center (or Entra)',
      facts: [
        { title: 'Display name', value: u.displayName },
        { title: 'User name', value: u.userPrincipalName },
        { title: 'First name', value: u.firstName },
        { title: 'Last name', value: u.lastName },
        { title: 'Mail nickname', value: u.mailNickname },
        { title: 'Usage location', value: u.usageLocation },
        ...(view.startDate ? [{ title: 'Start date', value: view.startDate }] : []),
      ],
    },
    { title: 'Assign the licence', facts: [{ title: 'Licence', value: view.licence.name }, { title: 'Seat', value: view.seat }] },
    ...(view.manager ? [{ title: 'Set the manager', facts: [{ title: 'Manager', value: view.manager.name }] }] : []),
    {
      title: 'Send a temporary password privately',
      facts: [{ title: 'Password', value: 'Make one that must be changed at first sign-in; give it in a private message, never in a channel or a ticket' }],
    },
  ];
  return {
    title: `Left to do by hand: ${u.displayName}`,
    subtitle: `${view.company.name} has no Microsoft 365 tenant linked, so the bot did not create the user. Request ${view.requestId}.`,
    items: items.map((item, i) => ({ ...item, title: `${i + 1}. ${item.title}` })),
    note: 'Link the tenant (tenant <company> <tenant-id|domain>) and the bot does all of this itself next time.',
  };
}
