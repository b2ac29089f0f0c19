import { configFromEnv, parseConfig } from '../../lib/domain/config';
import { InvalidConfigError } from '../../lib/domain/errors';

describe('the deployed configuration', () => {
  it('defaults to every AWS service of the region, the ssm and ecr profiles, report-only drift and the probe on', () => {
    expect(parseConfig(undefined, 'stack')).toEqual({
      stackName: 'stack',
      allowedServices: ['*'],
      endpointServices: [],
      acceptanceDeadlineHours: 72,
      serviceRegions: [],
      resourceConfigurations: [],
      allowedCidrsMaxAddresses: 16_777_216,
      profiles: { ssm: ['ssm', 'ssmmessages', 'ec2messages'], ecr: ['ecr.api', 'ecr.dkr', 's3', 'logs'] },
      defaultPolicy: 'default',
      drift: { schedule: 'rate(6 hours)', mode: 'report' },
      pace: {
        endpoint: { burst: 3, perSecond: 0.28 },
        read: { burst: 80, perSecond: 15 },
        route53: {
          account: { burst: 45, perSecond: 9.5 },
          associate: { burst: 18, perSecond: 4.75 },
          createZone: { burst: 36, perSecond: 1.9 },
        },
        ec2Limits: { endpoint: { burst: 4, perSecond: 0.3 }, read: { burst: 100, perSecond: 20 } },
      },
      prices: {},
      azs: 'all',
      profileAzs: {},
      probe: { enabled: true, keepBetweenRuns: false, timeoutMs: 2000 },
    });
  });

  it.each([
    ['not JSON', '{', /PRIVATELINK_CONFIG is not valid JSON/],
    ['an unknown key', '{"allowList":["s3"]}', /Unrecognized key.*allowList/],
    ['a bad drift mode', '{"drift":{"mode":"fix"}}', /drift\.mode/],
    ['org policy without an org id', '{"defaultPolicy":"org"}', /needs orgId/],
    [
      'an unknown default profile',
      '{"newVpcDefaultProfile":"all"}',
      /newVpcDefaultProfile "all" is not one of the profiles \(ssm, ecr\)/,
    ],
    [
      'an endpoint service entry with both a name and an owner',
      '{"endpointServices":[{"name":"com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0","owner":"111122223333"}]}',
      /endpointServices\.0.*needs exactly one of name \(one service\) or owner/,
    ],
    [
      'an alias on an owner entry',
      '{"endpointServices":[{"owner":"111122223333","alias":"partner"}]}',
      /endpointServices\.0\.alias.*only entries with a name take an alias/,
    ],
    [
      'an alias given twice',
      '{"endpointServices":[{"name":"com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0","alias":"pay"},{"name":"com.amazonaws.vpce.eu-west-1.vpce-svc-0fedcba9876543210","alias":"pay"}]}',
      /endpointServices\.1.*alias pay is already entry 0/,
    ],
    [
      'an alias that is also a profile',
      '{"endpointServices":[{"name":"com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0","alias":"ssm"}]}',
      /alias "ssm" is also a profile's name/,
    ],
    [
      'a name that is not an endpoint service',
      '{"endpointServices":[{"name":"com.amazonaws.eu-west-1.ssm"}]}',
      /endpointServices\.0\.name.*must be an endpoint service name such as com.amazonaws.vpce/,
    ],
    [
      'a resource configuration entry with an ARN that is not one',
      '{"resourceConfigurations":[{"arn":"arn:aws:rds:eu-west-1:111122223333:db:orders"}]}',
      /resourceConfigurations\.0\.arn.*must be a resource configuration ARN/,
    ],
    [
      'a resource configuration entry with neither ARN nor owner',
      '{"resourceConfigurations":[{"ports":[5432]}]}',
      /needs exactly one of arn \(one resource configuration\) or owner/,
    ],
    [
      'a fleet report to a bucket S3 would not name',
      '{"drift":{"report":{"bucket":"My_Reports"}}}',
      /drift\.report\.bucket.*must be an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens/,
    ],
    [
      'a fleet report key IAM could not name',
      '{"drift":{"report":{"bucket":"plo-reports","key":"reports/${stage}.html"}}}',
      /drift\.report\.key.*must be an S3 key of letters, digits/,
    ],
    [
      'a port out of range',
      '{"endpointServices":[{"owner":"111122223333","ports":[0]}]}',
      /endpointServices\.0\.ports\.0/,
    ],
  ])('rejects %s, saying what is wrong', (_name, json, message) => {
    expect(() => parseConfig(json, 'stack')).toThrow(InvalidConfigError);
    expect(() => parseConfig(json, 'stack')).toThrow(message);
  });

  it('needs the stack name, which is the ownership tag value', () => {
    expect(() => configFromEnv({})).toThrow(/STACK_NAME is not set/);
  });
});
