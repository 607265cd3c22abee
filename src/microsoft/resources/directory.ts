import { collect } from '../../util/collect.ts';
import { listAll, type GraphContext } from '../paginate.ts';
import { directorySubscriptionSchema, subscribedSkuSchema, type DirectorySubscription, type SubscribedSku } from '../schemas/licensing.ts';
import { organizationCollectionSchema, type Organization } from '../schemas/organization.ts';

/** The tenant and what it has bought: the reads behind free-seat checks and onboarding. */
export interface DirectoryResource {
  /** The tenant (`GET /organization`), with its verified domains: a new user's UPN uses one of them. */
  organization(): Promise<Organization>;
  /** One entry per SKU, pooling its subscriptions (`GET /subscribedSkus`): consumed and prepaid units. */
  subscribedSkus(): Promise<SubscribedSku[]>;
  /** One entry per commerce subscription (`GET /directory/subscriptions`): what links a SKU to Pax8. */
  directorySubscriptions(): Promise<DirectorySubscription[]>;
}

export function createDirectoryResource(ctx: GraphContext): DirectoryResource {
  return {
    organization: async () => {
      const answer = await ctx.request({ method: 'GET', route: '/organization', schema: organizationCollectionSchema, kind: 'read' });
      return answer.value[0] as Organization;
    },
    subscribedSkus: () => collect(listAll(ctx, subscribedSkuSchema, { route: '/subscribedSkus' })),
    directorySubscriptions: () => collect(listAll(ctx, directorySubscriptionSchema, { route: '/directory/subscriptions' })),
  };
}
