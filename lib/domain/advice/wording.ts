/** How the advice reads to people: the CLI's table and the HTML report say it alike. */
import type { Recommendation } from './advice';
import type { Attribution } from './attribution';

export const RECOMMENDATION_TEXT: Record<Recommendation, string> = {
  gateway: 'gateway endpoint (free)',
  interface: 'interface endpoint',
  central: 'use the central endpoints',
  'below-break-even': 'not yet: below break-even',
  'private-only': 'endpoint keeps it off the internet (costs)',
  'bypasses-endpoint': 'has an endpoint, bypassed: check its private DNS',
  'other-region': 'another region: no endpoint here',
  'no-endpoint': 'no endpoint serves it',
  unattributed: 'unknown AWS service: Resolver query logs would name it',
  'price-unknown': "the region's price is unknown: add it to the config",
};

export const ATTRIBUTION_TEXT: Record<Attribution, string> = {
  'flow-log': 'sure (the flow log names it)',
  dns: 'likely (Resolver answers name it)',
  'ip-ranges': "its region only (AWS's ip-ranges.json)",
  unattributed: 'unknown',
};

export const PATH_TEXT = { 'nat-gateway': 'NAT gateway', 'internet-gateway': 'internet gateway' } as const;
