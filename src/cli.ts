import { AppError, ConfigError, InvalidInputError } from './errors.ts';

const usage = `pax8-chatops — a Teams and Slack bot for your Pax8 partner account

Usage: npx pax8-chatops <command> [options]

Commands:
  serve                      run the bot (same as npm start)
  sandbox [options]          run the Pax8 sandbox alone (see: npx pax8-chatops sandbox --help)
  migrate                    apply database migrations and exit
  check                      validate configuration and reach Pax8, the database and each linked Microsoft 365
                             tenant; non-zero exit on a problem (a tenant without consent is a warning)
  slack-manifest --url URL   print the Slack app manifest with request URLs filled in
                             (--socket-mode for Socket Mode, --json for JSON instead of YAML)
  reconcile [options]        reconcile Pax8 invoices with the subscription history (--month YYYY-MM,
                             --company NAME|ID, --account NAME, --csv FILE); prints the summary
  teams-package [--out F]    build the Teams app package (bot id from MicrosoftAppId, domain from PUBLIC_URL)
  help                       show this text

Configuration comes from the environment (see .env.example) and pax8-chatops.yaml (CONFIG_FILE).
`;

type Command = (args: readonly string[]) => Promise<number>;

const commands: Record<string, Command> = {
  serve: async () => {
    // Before the bot's modules load: start-up is what would grow the heap for good.
    const { applyServerHeapSettings } = await import('./util/heap-settings.ts');
    const heap = applyServerHeapSettings(process.execArgv, process.env.NODE_OPTIONS);
    const { serve } = await import('./main.ts');
    return serve({ started: () => heap.started() });
  },
  sandbox: async (args) => {
    const { runSandboxCommand } = await import('./main.ts');
    return runSandboxCommand(args);
  },
  migrate: async () => {
    const { migrate } = await import('./main.ts');
    return migrate();
  },
  check: async () => {
    const { check } = await import('./main.ts');
    return check();
  },
  reconcile: async (args) => {
    const { reconcile } = await import('./main.ts');
    return reconcile(args);
  },
  'slack-manifest': async (args) => {
    const { printSlackManifest } = await import('./manifests/print-slack-manifest.ts');
    process.stdout.write(printSlackManifest(args));
    return 0;
  },
  'teams-package': async (args) => {
    const { writeTeamsPackage } = await import('./manifests/write-teams-package.ts');
    process.stdout.write(writeTeamsPackage(args, { appId: process.env.MicrosoftAppId?.trim() || undefined, publicUrl: process.env.PUBLIC_URL?.trim() || undefined }));
    return 0;
  },
  help: () => {
    process.stdout.write(usage);
    return Promise.resolve(0);
  },
};

/**
 * Runs one CLI command and returns the exit code. Expected problems (bad flags, bad configuration)
 * print a short message; anything else prints the error without secrets.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  const command = commands[name === '--help' || name === '-h' ? 'help' : name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${usage}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof InvalidInputError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`pax8-chatops ${name} failed: ${error instanceof AppError || error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
