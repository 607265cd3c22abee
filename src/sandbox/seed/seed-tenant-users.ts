import { defaultDomain, initialDomain, type GraphUser, type Tenant } from '../m365/tenant-model.ts';
import { createPrng, type Prng } from '../prng.ts';
import { DAY_MS } from '../wire-dates.ts';
import { microsoftSkus, planPrerequisites, skuById, type ServicePlanName, type SkuInfo } from './microsoft-skus.ts';

const firstNames = [
  'Adele', 'Alex', 'Ana', 'Ben', 'Bianca', 'Carlos', 'Chloe', 'Daniel', 'Diego', 'Elena', 'Ethan', 'Fatima', 'Grace', 'Hannah', 'Hiro', 'Isaac',
  'Ivy', 'Jack', 'Jade', 'Jonas', 'Julia', 'Kai', 'Laura', 'Leo', 'Lina', 'Lucas', 'Maya', 'Megan', 'Nathan', 'Nina', 'Omar', 'Olivia',
  'Priya', 'Quinn', 'Rachel', 'Ravi', 'Sam', 'Sofia', 'Tom', 'Uma', 'Victor', 'Wendy', 'Yusuf', 'Zoe',
];
const lastNames = [
  'Adams', 'Baker', 'Bowen', 'Chen', 'Clark', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Gupta', 'Hall', 'Holt', 'Ito', 'Jensen', 'Khan', 'Kim',
  'Larsen', 'Lopez', 'Meyer', 'Moreau', 'Nakamura', 'Novak', 'Okafor', "O'Brien", 'Park', 'Patel', 'Quinn', 'Reyes', 'Rossi', 'Schmidt',
  'Silva', 'Smith', 'Tanaka', 'Turner', 'Vance', 'Walsh', 'Weber', 'Wilson', 'Young', 'Zhang',
];
const jobs: readonly (readonly [title: string, department: string])[] = [
  ['Office Manager', 'Operations'], ['Accountant', 'Finance'], ['Sales Representative', 'Sales'], ['Project Manager', 'Operations'],
  ['Engineer', 'Engineering'], ['Receptionist', 'Front Office'], ['Director', 'Management'], ['Analyst', 'Finance'],
  ['Technician', 'Field Services'], ['Marketing Coordinator', 'Marketing'], ['HR Generalist', 'Human Resources'], ['Paralegal', 'Legal'],
];
const sharedAccounts = ['Front Desk', 'Scanner', 'Conference Room', 'Accounts Payable', 'Info', 'Backup Service', 'Teams Room', 'Reception'];

/** A SKU that brings a mailbox: a user holds at most one of these (the Exchange plans exclude each other). */
const hasMailbox = (sku: SkuInfo): boolean => sku.servicePlans.some((p) => p.servicePlanName.startsWith('EXCHANGE_S_'));

const planNames = (skus: readonly SkuInfo[]): Set<string> => new Set(skus.flatMap((s) => s.servicePlans.map((p) => p.servicePlanName)));

/** Builds users one by one with unique UPNs on the tenant's default domain. */
function createDirectory(prng: Prng, tenant: Tenant, anchorMs: number) {
  const users: GraphUser[] = [];
  const upns = new Set<string>();
  const domain = defaultDomain(tenant);
  const uniqueUpn = (alias: string, at: string): string => {
    for (let n = 1; ; n++) {
      const upn = `${n === 1 ? alias : `${alias}${n}`}@${at}`;
      if (!upns.has(upn.toLowerCase())) return upn;
    }
  };
  const add = (given: string | null, surname: string | null, displayName: string, alias: string, options: { at?: string; usageLocation?: string | null; job?: boolean } = {}): GraphUser => {
    const upn = uniqueUpn(alias.toLowerCase().replace(/[^a-z0-9._-]/g, ''), options.at ?? domain);
    upns.add(upn.toLowerCase());
    const [jobTitle, department] = options.job === false ? [null, null] : prng.pick(jobs);
    const createdAt = tenant.createdAt + Math.floor(prng.next() * Math.max(DAY_MS, anchorMs - tenant.createdAt));
    const user: GraphUser = {
      id: prng.uuid(), displayName, givenName: given, surname, userPrincipalName: upn, mailNickname: upn.slice(0, upn.indexOf('@')), mail: null,
      accountEnabled: true, usageLocation: options.usageLocation === undefined ? tenant.countryLetterCode : options.usageLocation, usageLocationSetAt: createdAt,
      jobTitle, department, officeLocation: null, mobilePhone: null, businessPhones: [], preferredLanguage: 'en-US',
      createdAt, signInSessionsValidFrom: createdAt, licenses: [], groupLicenses: [],
    };
    users.push(user);
    return user;
  };
  const person = (): GraphUser => {
    const given = prng.pick(firstNames);
    const surname = prng.pick(lastNames);
    return add(given, surname, `${given} ${surname}`, `${given}.${surname}`);
  };
  return { users, add, person };
}

/**
 * The directory of a tenant seeded with the sandbox: the global admin, the company's Pax8 contacts
 * (as they were at startup, so the directory does not depend on when it is first read),
 * one user per held seat of each mailbox SKU (some seats left free), add-on licences on some of
 * them, a few leavers whose account is blocked but who still hold their licence, and unlicensed
 * shared accounts (some without a usage location). `seats` is the units per skuId the tenant had at
 * the anchor. A tenant a Pax8 order created has only its admin.
 */
export function seedTenantUsers(tenant: Tenant, seats: ReadonlyMap<string, number>, anchorMs: number): GraphUser[] {
  const prng = createPrng(tenant.seed);
  const dir = createDirectory(prng, tenant, anchorMs);
  dir.add(null, null, 'MSP Admin', 'admin', { at: initialDomain(tenant), usageLocation: null, job: false });
  if (!tenant.seeded) return dir.users;
  const defaultName = defaultDomain(tenant);
  for (const contact of tenant.seedContacts) {
    const [alias = contact.firstName, at = ''] = contact.email.split('@');
    dir.add(contact.firstName, contact.lastName, `${contact.firstName} ${contact.lastName}`, at.toLowerCase() === defaultName ? alias : `${contact.firstName}.${contact.lastName}`);
  }
  const held = microsoftSkus.filter((sku) => (seats.get(sku.skuId) ?? 0) > 0);
  const freeSeats = (units: number): number => (units <= 2 ? prng.int(0, 1) : prng.int(0, Math.max(1, Math.round(units * 0.2))));
  const grant = (user: GraphUser, sku: SkuInfo) => {
    user.licenses.push({ skuId: sku.skuId, disabledPlans: [], assignedAt: user.createdAt });
    if (hasMailbox(sku)) user.mail = user.userPrincipalName;
  };
  for (const sku of held.filter(hasMailbox)) {
    const target = Math.max(0, (seats.get(sku.skuId) ?? 0) - freeSeats(seats.get(sku.skuId) ?? 0));
    const unlicensed = dir.users.filter((u) => u.givenName !== null && u.licenses.length === 0);
    for (let i = 0; i < target; i++) grant(unlicensed[i] ?? dir.person(), sku);
  }
  const licensed = () => dir.users.filter((u) => u.licenses.length > 0);
  for (const sku of held.filter((s) => !hasMailbox(s))) {
    const needs = sku.servicePlans.flatMap((p) => planPrerequisites[p.servicePlanName as ServicePlanName] ?? []);
    const eligible = licensed().filter((u) => {
      const plans = planNames(u.licenses.map((l) => skuById(l.skuId)).filter((s) => s !== undefined));
      return needs.every((n) => plans.has(n)) && !u.licenses.some((l) => l.skuId === sku.skuId);
    });
    const units = seats.get(sku.skuId) ?? 0;
    const target = Math.min(eligible.length, units >= 1000 ? prng.int(1, 5) : units - freeSeats(units));
    for (const user of eligible.slice(0, Math.max(0, target))) grant(user, sku);
  }
  moveToGroup(prng, dir.users, held.find(hasMailbox));
  blockLeavers(prng, licensed());
  for (let i = prng.int(1, 2 + Math.floor(dir.users.length / 15)); i > 0; i--) {
    const name = prng.pick(sharedAccounts);
    dir.add(null, null, name, name.replace(/\s+/g, ''), { usageLocation: prng.chance(0.5) ? null : tenant.countryLetterCode, job: false });
  }
  for (let i = prng.int(0, 2); i > 0; i--) dir.person().accountEnabled = false;
  assignManagers(prng, dir.users);
  return dir.users;
}

/** In about one tenant in four, the first mailbox SKU is licensed through a group, not directly. */
function moveToGroup(prng: Prng, users: readonly GraphUser[], sku: SkuInfo | undefined): void {
  if (!sku || !prng.chance(0.25)) return;
  const groupId = prng.uuid();
  for (const user of users) {
    const direct = user.licenses.find((l) => l.skuId === sku.skuId);
    if (!direct) continue;
    user.licenses = user.licenses.filter((l) => l !== direct);
    user.groupLicenses.push({ skuId: sku.skuId, groupId, disabledPlans: [], assignedAt: direct.assignedAt });
  }
}

/** Leavers nobody cleaned up: sign-in blocked, licences still held (what "unused licences" finds). */
function blockLeavers(prng: Prng, licensed: readonly GraphUser[]): void {
  if (licensed.length < 4) return;
  const count = Math.max(1, Math.round(licensed.length * 0.06));
  for (let i = 0; i < count; i++) prng.pick(licensed).accountEnabled = false;
}

function assignManagers(prng: Prng, users: readonly GraphUser[]): void {
  const people = users.filter((u) => u.givenName !== null);
  const boss = people[0];
  if (!boss) return;
  for (const user of people.slice(1)) if (prng.chance(0.6)) user.managerId = boss.id;
}
