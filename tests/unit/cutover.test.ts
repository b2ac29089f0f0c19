import type { CheckResult } from '../../lib/domain/checks';
import { decideCutover, type CutoverEvidence } from '../../lib/domain/cutover';
import type { PlannedEndpoint } from '../../lib/domain/model';
import { svc } from '../support/snapshots';

const held = (service: string): PlannedEndpoint => ({
  action: 'create',
  spec: {
    service,
    serviceName: svc(service),
    type: 'Interface',
    subnetIds: [],
    routeTableIds: [],
    privateDns: false,
  },
  reason: 'no endpoint for this service yet',
  cutover: { privateDns: true },
});
const check = (name: string, status: CheckResult['status'], detail = 'ok'): CheckResult => ({
  name,
  status,
  detail,
});
const available = (checks: CheckResult[]): CutoverEvidence => ({
  endpointId: 'vpce-1',
  state: 'available',
  checks,
});

describe('the safe cut-over decision', () => {
  it.each([
    {
      name: 'an available endpoint that passed static and live checks gets private DNS',
      evidence: available([check('endpoint-available', 'pass'), check('live tls', 'pass')]),
      probeRan: true,
      held: undefined,
    },
    {
      name: 'with the probe off, the static checks decide',
      evidence: available([check('endpoint-available', 'pass'), check('live', 'skip', 'probe disabled')]),
      probeRan: false,
      held: undefined,
    },
    {
      name: 'a failed live check holds it, naming the check',
      evidence: available([check('endpoint-available', 'pass'), check('live tcp', 'fail', 'timed out')]),
      probeRan: true,
      held: 'check live tcp failed: timed out',
    },
    {
      name: 'a probe that ran without checking it holds it',
      evidence: available([check('endpoint-available', 'pass')]),
      probeRan: true,
      held: 'the live probe did not check it',
    },
    {
      name: 'an endpoint still pending holds it',
      evidence: { endpointId: 'vpce-1', state: 'pending', checks: [] },
      probeRan: true,
      held: 'the endpoint is pending, not available',
    },
    {
      name: 'a missing endpoint holds it',
      evidence: undefined,
      probeRan: true,
      held: 'the endpoint is missing, not available',
    },
  ])('$name', ({ evidence, probeRan, held: reason }) => {
    const decision = decideCutover([held('ssm')], () => evidence, probeRan);
    const ready = {
      action: 'modify',
      spec: held('ssm').spec,
      endpointId: 'vpce-1',
      changes: { privateDns: true },
    };
    expect(decision).toEqual(
      reason ? { items: [], held: [{ service: 'ssm', reason }] } : { items: [ready], held: [] },
    );
  });

  it('looks only at endpoints the plan held', () => {
    const notHeld = { ...held('logs'), cutover: undefined };
    expect(decideCutover([notHeld], () => available([]), false)).toEqual({ items: [], held: [] });
  });
});
