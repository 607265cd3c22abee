import type { Company, Contact, ContactTypeName } from '../model.ts';
import type { Prng } from '../prng.ts';
import { DAY_MS } from '../wire-dates.ts';

const first = ['Summit', 'Blue Ridge', 'Cedar', 'Harbor', 'Liberty', 'Pioneer', 'Granite', 'Aspen', 'Riverbend', 'Northwind', 'Keystone', 'Lakeside', 'Evergreen', 'Redwood', 'Silverline', 'Copper Canyon', 'Prairie', 'Front Range', 'Maple', 'Ironwood', 'Sunrise', 'Bayview', 'Oak Hollow', 'Stonegate'];
const middle = ['Dental', 'Law', 'Family Medicine', 'Accounting', 'Construction', 'Logistics', 'Veterinary', 'Realty', 'Insurance', 'Engineering', 'Architects', 'Credit Union', 'Manufacturing', 'Orthodontics', 'Landscaping', 'Brewing', 'Hospitality', 'Consulting'];
const suffix = ['LLC', 'Inc.', 'Group', 'Partners', 'Co.', 'PC', 'Associates', 'Ltd.'];
const streets = ['Liberty Lane', 'S Quebec St', 'Commerce Ave', 'Pipeline St', 'Main St', 'Market St', 'Pine St', 'Elm Ave', 'Industrial Blvd', 'Park Rd', 'Colfax Ave', 'Broadway'];
const places: readonly (readonly [city: string, state: string, zip: string, country: string])[] = [
  ['Denver', 'CO', '802', 'US'], ['Greenwood Village', 'CO', '801', 'US'], ['Tempe', 'AZ', '852', 'US'],
  ['Austin', 'TX', '787', 'US'], ['Dayton', 'OH', '454', 'US'], ['Tacoma', 'WA', '984', 'US'],
  ['Salt Lake City', 'UT', '841', 'US'], ['Raleigh', 'NC', '276', 'US'], ['Boise', 'ID', '837', 'US'],
  ['Omaha', 'NE', '681', 'US'], ['Toronto', 'ON', 'M5V', 'CA'], ['Ottawa', 'ON', 'K1P', 'CA'],
  ['Vancouver', 'BC', 'V6B', 'CA'], ['Manchester', 'Greater Manchester', 'M1', 'GB'], ['Leeds', 'West Yorkshire', 'LS1', 'GB'],
];
const firstNames = ['Oliver', 'Emma', 'Liam', 'Ava', 'Noah', 'Sophia', 'Mason', 'Isabella', 'Lucas', 'Mia', 'Ethan', 'Harper', 'James', 'Amelia', 'Benjamin', 'Evelyn'];
const lastNames = ['Harrison', 'Nguyen', 'Garcia', 'Patel', 'Johnson', 'Schmidt', 'Okafor', 'Rossi', 'Kowalski', 'Martin', 'Lee', 'Brown', 'Silva', 'Murphy'];
const allTypes: readonly ContactTypeName[] = ['Admin', 'Billing', 'Technical'];

function phone(prng: Prng): string {
  return `${prng.int(201, 989)}-${prng.int(200, 999)}-${String(prng.int(0, 9999)).padStart(4, '0')}`;
}

function contact(prng: Prng, domain: string, createdAt: number, types: readonly ContactTypeName[]): Contact {
  const firstName = prng.pick(firstNames);
  const lastName = prng.pick(lastNames);
  return {
    id: prng.uuid(),
    firstName,
    lastName,
    email: `${firstName[0]?.toLowerCase() ?? 'x'}${lastName.toLowerCase()}@${domain}`,
    phone: phone(prng),
    createdAt,
    types: types.map((type) => ({ type, primary: true })),
  };
}

/** Active companies get all three primary contact types (sometimes on one contact); Inactive ones miss some. */
function contactsFor(prng: Prng, domain: string, createdAt: number, active: boolean): Contact[] {
  if (!active) return prng.chance(0.5) ? [] : [contact(prng, domain, createdAt, ['Technical'])];
  if (prng.chance(0.4)) return [contact(prng, domain, createdAt, allTypes)];
  return [contact(prng, domain, createdAt, ['Admin', 'Billing']), contact(prng, domain, createdAt, ['Technical'])];
}

/** Generates `count` companies: about nine in ten Active, the rest Inactive (missing contacts). */
export function seedCompanies(prng: Prng, count: number, anchorMs: number): Company[] {
  const companies: Company[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prng.pick(first)} ${prng.pick(middle)} ${prng.pick(suffix)}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const domain = `${slug}-${i + 1}.com`;
    const [city, state, zip, country] = prng.pick(places);
    const createdAt = anchorMs - prng.int(40, 1500) * DAY_MS;
    const active = prng.chance(0.9);
    const company: Company = {
      id: prng.uuid(),
      name,
      address: {
        street: `${prng.int(100, 99999)} ${prng.pick(streets)}`,
        city,
        stateOrProvince: state,
        postalCode: country === 'US' ? `${zip}${prng.int(10, 99)}` : `${zip} ${prng.int(1, 9)}AB`,
        country,
      },
      website: domain,
      billOnBehalfOfEnabled: prng.chance(0.3),
      selfServiceAllowed: prng.chance(0.5),
      orderApprovalRequired: prng.chance(0.2),
      status: active ? 'Active' : 'Inactive',
      updatedAt: createdAt + prng.int(0, 30) * DAY_MS + prng.int(0, 86_399_999),
      contacts: contactsFor(prng, domain, createdAt, active),
    };
    if (prng.chance(0.8)) company.phone = phone(prng);
    if (prng.chance(0.6)) company.externalId = `CUST-${String(1000 + i)}`;
    companies.push(company);
  }
  return companies;
}

/** Pax8's rule: Active needs a primary Admin, Billing and Technical contact (one may hold all three). */
export function hasAllPrimaryContacts(contacts: readonly Contact[]): boolean {
  return allTypes.every((type) => contacts.some((c) => c.types.some((t) => t.type === type && t.primary)));
}
