/**
 * Every identifier that crosses the wire between the bot and a chat platform, in one place: the
 * command words technicians type, the verbs on card buttons (Adaptive Card `Action.Execute` verbs,
 * Slack `action_id`s) and the Slack ids of inputs. Cards, adapters and the intent layer import
 * these instead of spelling strings by hand, so a renamed verb cannot leave a dead button behind.
 */
export const wireIds = {
  /** First word of a command (`/pax8 <word> ...` in Slack, `@bot <word> ...` in Teams). */
  commands: {
    help: 'help',
    companies: 'companies',
    company: 'company',
    contacts: 'contacts',
    products: 'products',
    product: 'product',
    subs: 'subs',
    sub: 'sub',
    orders: 'orders',
    order: 'order',
    buy: 'buy',
    seats: 'seats',
    cancel: 'cancel',
    licenses: 'licenses',
    unused: 'unused',
    users: 'users',
    user: 'user',
    offboard: 'offboard',
    onboard: 'onboard',
    requests: 'requests',
    request: 'request',
    renewals: 'renewals',
    audit: 'audit',
    reconcile: 'reconcile',
    approvals: 'approvals',
    map: 'map',
    tenant: 'tenant',
  },
  /** Verbs of card buttons and form submissions (`Action.Execute.verb`, Slack `action_id`). */
  cardVerbs: {
    approve: 'approve',
    deny: 'deny',
    cancelRequest: 'cancel_request',
    /** Withdraws a scheduled change before it runs (requester, approvers, admins). */
    withdraw: 'withdraw',
    /** Runs the steps not done of a multi-step request that stopped part-way (approvers). */
    resume: 'resume',
    /**
     * Sends a new temporary password, privately to the requester, for a user an onboarding created
     * whose password nobody knows (requester and approvers).
     */
    newPassword: 'new_password',
    choose: 'choose',
    page: 'page',
    submitDetails: 'submit_details',
    /** Submits the seats form: the new number of seats for one subscription. */
    submitSeats: 'submit_seats',
    /** Submits the offboarding form: sign-in, licences and, per licence, release or keep its seat. */
    submitOffboard: 'submit_offboard',
    /**
     * Teams asks for a viewer's own version of an approval card (`refresh.action`, or the "Show my
     * buttons" button when Teams does not refresh for everyone who may get buttons); it changes nothing.
     */
    refresh: 'refresh',
  },
  /** Slack Block Kit ids that are not verbs: the block and input ids of forms. */
  slack: {
    slashCommand: '/pax8',
    reasonInput: 'reason_input',
    detailsBlockPrefix: 'detail__',
    /** The seats form's number input (a Slack block id; in Teams, the key of the typed number in the action data). */
    seatsInput: 'quantity',
    /** The offboarding form's inputs (Slack block ids; in Teams, keys of the action data). */
    offboardBlockInput: 'block_sign_in',
    offboardRemoveInput: 'remove_licences',
    /** Followed by the licence's skuId: release or keep its seat. */
    offboardSeatPrefix: 'seat__',
  },
} as const;

export type CommandWord = (typeof wireIds.commands)[keyof typeof wireIds.commands];
export type CardVerb = (typeof wireIds.cardVerbs)[keyof typeof wireIds.cardVerbs];

/** All command words, in the order `help` lists them. */
export const commandWords: readonly CommandWord[] = Object.values(wireIds.commands);

/** All card verbs. */
export const cardVerbs: readonly CardVerb[] = Object.values(wireIds.cardVerbs);

/** Narrows free text to a command word without a cast. */
export function isCommandWord(word: string): word is CommandWord {
  return (commandWords as readonly string[]).includes(word);
}

/** Narrows free text to a card verb without a cast. */
export function isCardVerb(word: string): word is CardVerb {
  return (cardVerbs as readonly string[]).includes(word);
}
