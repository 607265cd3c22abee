import { describe, expect, it } from 'vitest';
import { configFileSchema } from '../src/config-file.ts';

describe('config file: onboarding', () => {
  it('defaults: usage location US, user name {first}.{last}, offboarding blocks sign-in only once approved', () => {
    expect(configFileSchema.parse({}).onboarding).toEqual({ usageLocation: 'US', upn: '{first}.{last}', blockSignInBeforeApproval: false });
  });

  it('takes a usage location in any case and a pattern of the name parts', () => {
    expect(configFileSchema.parse({ onboarding: { usageLocation: 'gb', upn: '{f}{last}', blockSignInBeforeApproval: true } }).onboarding).toEqual({ usageLocation: 'GB', upn: '{f}{last}', blockSignInBeforeApproval: true });
  });

  it('refuses a usage location that is no country code, a pattern with a domain or without a name part, and unknown keys, all at once', () => {
    const parsed = configFileSchema.safeParse({ onboarding: { usageLocation: 'USA', upn: '{first}@contoso.com', blockSignIn: true } });
    expect(parsed.success).toBe(false);
    const paths = parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(paths.join('\n')).toMatch(/onboarding\.usageLocation: expected an ISO 3166/);
    expect(paths.join('\n')).toMatch(/onboarding\.upn: expected a pattern such as "\{first\}\.\{last\}"/);
    expect(paths.join('\n')).toMatch(/blockSignIn/);
    expect(configFileSchema.safeParse({ onboarding: { upn: 'user' } }).success).toBe(false);
  });
});
