import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { S3Client } from '@aws-sdk/client-s3';
import { writeManifest } from '../aws/org-drift-files';
import { hubTargets } from '../operations/fleet-drift';
import type { StepContext } from './step-context';

export interface OrgCheckFiles {
  s3: S3Client;
  /** The stack's bucket for the Organization check's manifests and results. */
  bucket: string;
}

/** The Organization check's targets (hubTargets: nested OUs, active accounts only, × hub.regions) as a JSONL manifest. */
export async function listOrgTargetsStep(
  event: { executionId: string },
  ctx: Pick<StepContext, 'config' | 'own'>,
  deps: OrgCheckFiles & { organizations: OrganizationsClient },
): Promise<{ bucket: string; key: string; targets: number }> {
  const targets = await hubTargets(ctx.config, ctx.own, deps.organizations);
  const name = event.executionId.split(':').pop() ?? event.executionId;
  return writeManifest(deps.s3, deps.bucket, name, targets);
}
