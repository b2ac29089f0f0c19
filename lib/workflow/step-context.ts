import type { Route53Client } from '@aws-sdk/client-route-53';
import type { Ec2Api } from '../aws/ec2-api';
import type { OrchestratorConfig } from '../domain/config';

/**
 * What every step gets besides its event: one EC2 adapter (counting its calls) for the VPC's account and
 * region, the config, the functions' region (docs/architecture.md, "Hub and spokes").
 */
export interface StepContext {
  api: Ec2Api;
  config: OrchestratorConfig;
  /** The region the functions run in (AWS_REGION): the default of an execution input without one. */
  region: string;
  /** Route 53 in the VPC's account; absent where a caller has none to give (hosted zones are then not read). */
  route53?: Route53Client;
  /** The functions' own account and partition (from the ARN they were invoked by). */
  ownAccountId?: string;
  ownPartition?: string;
  /** The VPC's account and region, and the spoke role's credentials there (absent in the own account). */
  target?: { accountId: string | null; region: string; credentials?: () => Promise<unknown> };
  /** The VPC is in a spoke account, reached through its role: the live probe, a hub-account Lambda, is not run there. */
  foreign?: boolean;
}
