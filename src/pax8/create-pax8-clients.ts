import type { Pax8InstanceConfig } from '../config.ts';
import { InvalidInputError } from '../errors.ts';
import { createPax8Client, type Pax8Client, type Pax8ClientOptions } from './create-pax8-client.ts';

/** Options shared by every instance's client (transport, logger, limits). */
export type Pax8CommonOptions = Omit<Pax8ClientOptions, 'baseUrl' | 'tokenUrl' | 'audience' | 'clientId' | 'clientSecret' | 'rateBudget'> & {
  /** A budget per instance name: Pax8 counts calls per partner account, so each account has its own. */
  readonly rateBudgetFor?: (instanceName: string) => Pax8ClientOptions['rateBudget'];
};

/** The clients of every configured Pax8 account. */
export interface Pax8Clients {
  /** The named instance's client, or the default instance's when no name is given. */
  get(name?: string): Pax8Client;
  /** The instances' names, the default first. */
  readonly names: readonly string[];
}

/**
 * One client per configured Pax8 partner account (config `pax8.instances`), each with its own token
 * and rate budget. The default is the instance marked `isDefault`, else the first.
 */
export function createPax8Clients(instances: readonly Pax8InstanceConfig[], common: Pax8CommonOptions = {}): Pax8Clients {
  const { rateBudgetFor, onCall, ...shared } = common;
  const clients = new Map<string, Pax8Client>();
  for (const instance of instances) {
    const rateBudget = rateBudgetFor?.(instance.name);
    clients.set(
      instance.name,
      createPax8Client({
        ...shared,
        baseUrl: instance.baseUrl,
        tokenUrl: instance.tokenUrl,
        audience: instance.audience,
        clientId: instance.clientId,
        clientSecret: instance.clientSecret,
        ...(rateBudget ? { rateBudget } : {}),
        ...(onCall ? { onCall: (call) => onCall({ ...call, account: instance.name }) } : {}),
      }),
    );
  }
  const defaultName = (instances.find((instance) => instance.isDefault) ?? instances[0])?.name;
  return {
    // The default first: lookups across accounts ask it first.
    names: [...instances].sort((a, b) => Number(b.name === defaultName) - Number(a.name === defaultName)).map((instance) => instance.name),
    get(name) {
      const wanted = name ?? defaultName;
      const client = wanted === undefined ? undefined : clients.get(wanted);
      if (!client) {
        const known = [...clients.keys()].join(', ') || 'none configured';
        throw new InvalidInputError(`unknown Pax8 instance "${name ?? '(default)'}" (known: ${known})`);
      }
      return client;
    },
  };
}
