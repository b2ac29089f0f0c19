import { containerCatalogues } from '../_shared/catalogues';
import { route53Client } from '../../lib/aws/clients/route53';
import { Route53HostedZones } from '../../lib/aws/hosted-zones';
import { planStep } from '../../lib/workflow/plan-step';
import { probeDepsFor } from '../_shared/probe';
import { runMachinery } from '../_shared/compose';
import { sleep, stepHandler } from '../_shared/runtime';

// This container's catalogues: a warm Plan reads only the VPC.
const catalogues = containerCatalogues();

export const handler = stepHandler((event: Parameters<typeof planStep>[0], ctx) =>
  planStep(event, ctx, {
    probe: probeDepsFor(ctx, event.vpc),
    catalogues,
    zones: new Route53HostedZones(ctx.route53 ?? route53Client),
    pace: { ...runMachinery(), sleep },
  }),
);
