import type { RegionCatalogues } from '../aws/catalogues';
import type { ProbeFunctionDeps } from '../aws/probe-function';

/** What the probe steps need besides EC2: the Lambda machinery that copies, waits on and invokes the probe. */
export interface ProbeStepDeps {
  functions: ProbeFunctionDeps;
  maxActiveChecks: number;
  /** The container's region catalogues (prefix lists, offers): fewer reads of the VPC. */
  catalogues?: RegionCatalogues;
}
