import { organizationsClient } from '../../lib/aws/clients/organizations';
import { s3Client } from '../../lib/aws/clients/s3';
import { listOrgTargetsStep } from '../../lib/workflow/list-org-targets-step';
import { orgCheckBucket } from '../_shared/compose';
import { stepHandler } from '../_shared/runtime';

export const handler = stepHandler((event: Parameters<typeof listOrgTargetsStep>[0], ctx) =>
  listOrgTargetsStep(event, ctx, {
    s3: s3Client,
    bucket: orgCheckBucket(),
    organizations: organizationsClient,
  }),
);
