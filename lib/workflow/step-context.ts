import type { Ec2Api } from '../aws/ec2-api';
import type { OrchestratorConfig } from '../domain/config';

/** What every step gets besides its event: one EC2 adapter (counting its calls), the config, the region. */
export interface StepContext {
  api: Ec2Api;
  config: OrchestratorConfig;
  /** The region the functions run in (AWS_REGION): the default of an execution input without one. */
  region: string;
}
