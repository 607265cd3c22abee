import type { AppConfig } from '../../config.ts';

/** Whether the configuration asks for Slack: `SLACK_BOT_TOKEN` plus a signing secret or an app token (Socket Mode). */
export function slackEnabled(config: AppConfig): boolean {
  const s = config.slack;
  return s.botToken !== undefined && (s.signingSecret !== undefined || s.appToken !== undefined || s.dangerouslySkipVerification);
}
