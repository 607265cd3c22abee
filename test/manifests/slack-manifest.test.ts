import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildSlackManifest } from '../../src/manifests/build-slack-manifest.ts';

const schemaDir = new URL('../reference/schemas/slack-manifest/', import.meta.url);
const readJson = (url: URL) => JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;

/** The official schema refers to its versioned parts by remote URL; point those at the local copies. */
function slackManifestValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  for (const version of ['1.0.0', '2.0.0']) {
    const schema = readJson(new URL(`schemas/manifest.schema.${version}.json`, schemaDir));
    ajv.addSchema(schema, `https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.${version}.json`);
  }
  return ajv.compile(readJson(new URL('manifest.schema.json', schemaDir)));
}

describe('Slack app manifest', () => {
  const validate = slackManifestValidator();

  it('the validator accepts an official example and refuses a broken manifest', () => {
    expect(validate(readJson(new URL('../reference/samples/slack/app-manifest.example.json', import.meta.url)))).toBe(true);
    expect(validate({ display_information: {}, features: { slash_commands: 'nope' } })).toBe(false);
  });

  it('fills every request URL with /slack/events and validates against the official schema', () => {
    const manifest = buildSlackManifest({ url: 'https://bot.msp.example/chatops/' });
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    const text = JSON.stringify(manifest);
    expect(text).not.toContain('bot.example.com');
    expect(text.match(/https:\/\/bot\.msp\.example\/chatops\/slack\/events/g)).toHaveLength(2);
    expect(manifest).toMatchObject({
      oauth_config: { scopes: { bot: ['commands', 'chat:write', 'chat:write.public', 'users:read', 'users:read.email', 'im:write', 'files:write'] } },
      settings: { socket_mode_enabled: false, interactivity: { is_enabled: true } },
    });
  });

  it('has no request URLs in Socket Mode', () => {
    const manifest = buildSlackManifest({ socketMode: true });
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(JSON.stringify(manifest)).not.toContain('https://');
    expect(manifest).toMatchObject({ settings: { socket_mode_enabled: true } });
  });

  it.each([
    [undefined, 'public URL'],
    ['not a url', 'is not a URL'],
    ['http://bot.msp.example', 'only sends requests to https'],
    ['https://bot.msp.example/?x=1', 'query string'],
  ])('refuses %j with a message that says how to fix it', (url, message) => {
    expect(() => buildSlackManifest(url === undefined ? {} : { url })).toThrow(message);
  });
});
