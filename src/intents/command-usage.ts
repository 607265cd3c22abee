import type { CommandUsage } from '../views/message-views.ts';
import { type CommandWord, wireIds } from '../wire-ids.ts';

const c = wireIds.commands;

/**
 * How each command is typed, in one table: `help` lists it and every input error about a command
 * shows its line, so the answer to a mistake always includes the right form.
 */
export const commandUsage: { readonly [K in CommandWord]: CommandUsage } = {
  [c.help]: { word: c.help, usage: 'help [command]', summary: 'List the commands, or show one with examples.', examples: ['help', 'help buy'], adminOnly: false },
  [c.companies]: {
    word: c.companies,
    usage: 'companies [text]',
    summary: 'List the companies whose name matches the text.',
    examples: ['companies', 'companies contoso', 'companies contoso --page 2', 'companies contoso --account emea'],
    adminOnly: false,
  },
  [c.company]: { word: c.company, usage: 'company <name|id>', summary: 'Show one company and whether it can order.', examples: ['company "Contoso Ltd"'], adminOnly: false },
  [c.contacts]: { word: c.contacts, usage: 'contacts <company>', summary: "List a company's contacts.", examples: ['contacts contoso'], adminOnly: false },
  [c.products]: { word: c.products, usage: 'products <text>', summary: 'Search the product catalogue.', examples: ['products e3', 'products "business premium"'], adminOnly: false },
  [c.product]: {
    word: c.product,
    usage: 'product <name|sku|id>',
    summary: 'Prices, commitment options and the details an order needs.',
    examples: ['product "Microsoft 365 E3"'],
    adminOnly: false,
  },
  [c.subs]: { word: c.subs, usage: 'subs <company>', summary: "List a company's subscriptions.", examples: ['subs contoso'], adminOnly: false },
  [c.sub]: { word: c.sub, usage: 'sub <subscription>', summary: 'Show one subscription with its history: its id, or the company and product.', examples: ['sub 4f5e0c1a-...', 'sub contoso e3'], adminOnly: false },
  [c.orders]: { word: c.orders, usage: 'orders <company>', summary: "List a company's orders, newest first.", examples: ['orders contoso'], adminOnly: false },
  [c.order]: { word: c.order, usage: 'order <id>', summary: 'Show one order and its lines.', examples: ['order 9b2d...'], adminOnly: false },
  [c.buy]: {
    word: c.buy,
    usage: 'buy <company> <product> <qty> [monthly|annual|2-year|3-year] [key=value ...]',
    summary: 'Ask to buy a subscription; an approver must approve it.',
    examples: ['buy contoso "Microsoft 365 E3" 5 annual', 'buy "Contoso Ltd" "Exchange Online (Plan 1)" 10 monthly msDomain=contoso.onmicrosoft.com'],
    adminOnly: false,
  },
  [c.seats]: {
    word: c.seats,
    usage: 'seats <subscription> [+N|-N|N]',
    summary: 'Ask to add, remove or set seats (without a number, a form asks for the new total); an approver must approve it.',
    examples: ['seats contoso "Microsoft 365 E3" +2', 'seats 4f5e0c1a-... 10', 'seats contoso "Microsoft 365 E3"'],
    adminOnly: false,
  },
  [c.cancel]: {
    word: c.cancel,
    usage: 'cancel <subscription>',
    summary: 'Ask to cancel a subscription (cannot be undone); an approver must approve it.',
    examples: ['cancel contoso "Microsoft 365 E3"', 'cancel 4f5e0c1a-...'],
    adminOnly: false,
  },
  [c.licenses]: {
    word: c.licenses,
    usage: 'licenses <company>',
    summary: "The company's Microsoft 365 licences: the tenant's enabled, assigned and free seats beside Pax8's subscriptions, and where they disagree.",
    examples: ['licenses contoso', 'licenses "Contoso Ltd" --page 2'],
    adminOnly: false,
  },
  [c.unused]: {
    word: c.unused,
    usage: 'unused [company]',
    summary:
      'Licences paid for and not used: seats Pax8 bills beyond what the tenant assigns (with Reduce), seats bought elsewhere, and blocked users still holding a licence (with Offboard). Without a company: every linked tenant, or the channel\'s company.',
    examples: ['unused', 'unused contoso', 'unused reduce 4f5e0c1a-... 12', 'unused ignore "Contoso Ltd" FLOW_FREE'],
    adminOnly: false,
  },
  [c.users]: {
    word: c.users,
    usage: 'users <company> [text]',
    summary: "The users of the company's Microsoft 365 tenant (the text matches the start of the name or sign-in name): enabled or blocked, and their licences.",
    examples: ['users contoso', 'users "Contoso Ltd" ann', 'users contoso --page 2'],
    adminOnly: false,
  },
  [c.user]: {
    word: c.user,
    usage: 'user <upn>',
    summary: 'One Microsoft 365 user by sign-in name: the company, sign-in, usage location, and each licence held directly or through a group.',
    examples: ['user ann@contoso.com'],
    adminOnly: false,
  },
  [c.offboard]: {
    word: c.offboard,
    usage: 'offboard [company] [user]',
    summary: "Offboard a leaver: pick the user in the company's tenant, then choose in a form to block sign-in, remove the licences and release or keep each seat at Pax8; an approver decides on the card, which shows the monthly saving and when it starts.",
    examples: ['offboard contoso ann', 'offboard "Contoso Ltd" ann.lee@contoso.com', 'offboard ann (in a mapped channel)'],
    adminOnly: false,
  },
  [c.onboard]: {
    word: c.onboard,
    usage: 'onboard [company]',
    summary: "A new user in the company's Microsoft 365 tenant with a licence: a form, then an approval request (a seat is bought only if none is free).",
    examples: ['onboard', 'onboard "Contoso Ltd"'],
    adminOnly: false,
  },
  [c.requests]: {
    word: c.requests,
    usage: 'requests [mine|pending|all]',
    summary: 'List approval requests; approvers get Approve and Deny on the pending ones.',
    examples: ['requests', 'requests pending'],
    adminOnly: false,
  },
  [c.request]: {
    word: c.request,
    usage: 'request <id>',
    summary: "Show one request's approval card, with the buttons you may use: its id, or the first 8 characters of it.",
    examples: ['request 7c9e6679'],
    adminOnly: false,
  },
  [c.renewals]: {
    word: c.renewals,
    usage: 'renewals [days]',
    summary: 'Commitments ending within the days (default 30), with their 7-day decrease window.',
    examples: ['renewals', 'renewals 60'],
    adminOnly: false,
  },
  [c.audit]: {
    word: c.audit,
    usage: 'audit [from] [to] [csv]',
    summary: 'The audit log between two dates (YYYY-MM-DD or YYYY-MM); with csv, as a file to download.',
    examples: ['audit', 'audit 2026-10', 'audit 2026-10-01 2026-10-15', 'audit 2026-10 csv'],
    adminOnly: false,
  },
  [c.reconcile]: {
    word: c.reconcile,
    usage: 'reconcile [company] [YYYY-MM] [csv]',
    summary: "Each company's Pax8 invoice of the month (default: the last invoiced one) against its subscriptions as they were then: seats, costs, lines missing or extra; with csv, every row as a file.",
    examples: ['reconcile', 'reconcile 2026-10 csv', 'reconcile "Contoso Ltd" 2026-10'],
    adminOnly: false,
  },
  [c.approvals]: { word: c.approvals, usage: 'approvals here', summary: 'Post approval requests to this conversation (admins).', examples: ['approvals here'], adminOnly: true },
  [c.map]: { word: c.map, usage: 'map <company>', summary: 'Make a company the default for commands in this channel (admins).', examples: ['map "Contoso Ltd"'], adminOnly: true },
  [c.tenant]: {
    word: c.tenant,
    usage: 'tenant <company> <tenant-id|domain>',
    summary: "Link a company to its Microsoft 365 tenant, by tenant id or one of its domains, and check the bot's access there (admins).",
    examples: ['tenant "Contoso Ltd" contoso.onmicrosoft.com', 'tenant contoso 6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f'],
    adminOnly: true,
  },
};
