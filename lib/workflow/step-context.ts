import type { Route53Client } from '@aws-sdk/client-route-53';
import type { CentralAcross } from '../aws/central-reads';
import type { Ec2Api } from '../aws/ec2-api';
import type { OrchestratorConfig } from '../domain/config';
import type { OwnAccount } from '../domain/vpc-ref';

/**
 * What every step gets besides its event (which names where it acts: `vpc`, a VpcRef): one EC2 adapter
 * (counting its calls) and Route 53 in the VPC's account and region, the config, and the functions' own
 * account (docs/architecture.md, "Where a run acts").
 */
export interface StepContext {
  api: Ec2Api;
  config: OrchestratorConfig;
  /** The account, region and partition the functions run in. */
  own: OwnAccount;
  /** Route 53 in the VPC's account; absent where a caller has none to give (hosted zones are then not read). */
  route53?: Route53Client;
  /** The spoke role's credentials, for further clients in a member's account (the probe's Lambda). */
  credentials?: () => Promise<unknown>;
  /**
   * Centralized endpoints across a hub's accounts (lib/aws/clients/accounts.ts, CentralReach): the hub's
   * account for a member's VPC, members' EC2 for the hub's central VPC; given only with `hub` and `central`.
   */
  reach?: CentralAcross;
  /** The execution's fence (lib/workflow/fence.ts), for writes that do not go through `api`. */
  fence?: () => Promise<void>;
}
