import { iamStatementsFor } from '../support/iam-statements';

/** The drift check may write the fleet report's one object, and list the runs it shows, only when asked. */
describe('the scheduled fleet report’s permissions', () => {
  const granted = async (config: object) =>
    (await iamStatementsFor(config)).driftCheck?.filter((s) =>
      ['WriteFleetReport', 'ListProvisioningRuns'].includes(s.Sid ?? ''),
    );

  it('lets the drift check put and read back that one object, and list its own state machine’s runs', async () => {
    expect(await granted({ drift: { report: { bucket: 'plo-reports' } } })).toEqual([
      {
        Sid: 'WriteFleetReport',
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:GetObject'],
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::plo-reports/privatelink/fleet-report.html' },
      },
      {
        Sid: 'ListProvisioningRuns',
        Effect: 'Allow',
        Action: 'states:ListExecutions',
        Resource: {
          'Fn::Sub':
            'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:plo-test-provision',
        },
      },
    ]);
  });

  it('grants neither without drift.report, and no other function the report’s bucket', async () => {
    expect(await granted({})).toEqual([]);
    const all = await iamStatementsFor({
      drift: { report: { bucket: 'plo-reports', key: 'fleet/index.html' } },
    });
    const writers = Object.entries(all).filter(([, list]) =>
      list.some((s) => JSON.stringify(s.Resource).includes('plo-reports')),
    );
    expect(writers.map(([fn]) => fn)).toEqual(['driftCheck']);
  });
});
