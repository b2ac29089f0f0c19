import { classifyEvent } from '../../lib/operations/trigger-events';
import { eventFixtureNames, loadEvent } from '../support/fixtures';

const VPC = 'vpc-0a1b2c3d4e5f60718';
const ACCOUNT = { region: 'us-east-1', accountId: '123456789012' };

describe('classifying trigger events', () => {
  it.each([
    [
      'tag-change-vpc',
      {
        vpcId: VPC,
        ...ACCOUNT,
        trigger: { source: 'tag-change', eventId: '0d2f3a4b-5c6d-7e8f-9a0b-1c2d3e4f5a6b' },
      },
    ],
    [
      'tag-change-vpc-removed',
      {
        vpcId: VPC,
        ...ACCOUNT,
        trigger: { source: 'tag-change', eventId: '1e3f4a5b-6c7d-8e9f-0a1b-2c3d4e5f6a7b' },
      },
    ],
    [
      'cloudtrail-create-tags-vpc',
      {
        vpcId: VPC,
        ...ACCOUNT,
        trigger: {
          source: 'tag-change',
          eventId: '4b6c7d8e-9f0a-1b2c-3d4e-5f6a7b8c9d0e-trail',
          requestedBy: 'arn:aws:sts::123456789012:assumed-role/NetworkAdmin/alice',
        },
      },
    ],
    [
      'cloudtrail-delete-tags-vpc',
      { vpcId: VPC, ...ACCOUNT, trigger: expect.objectContaining({ source: 'tag-change' }) },
    ],
    [
      'cloudtrail-create-vpc-tagged',
      {
        vpcId: 'vpc-0f1e2d3c4b5a69788',
        ...ACCOUNT,
        trigger: expect.objectContaining({ source: 'vpc-created' }),
      },
    ],
  ])('turns %s into the execution input', (name, input) => {
    expect(classifyEvent(loadEvent(name))).toEqual({ kind: 'run', inputs: [input] });
  });

  it.each([
    ['lookalike-tag-change-other-keys', /no privatelink: tag changed/],
    ['lookalike-tag-change-subnet', /tag change on ec2 subnet, not a VPC/],
    ['lookalike-cloudtrail-create-tags-instance', /CreateTags on no VPC/],
    ['lookalike-cloudtrail-create-tags-denied', /CreateTags failed \(Client.UnauthorizedOperation\)/],
    ['lookalike-ec2-state-change', /EC2 Instance State-change Notification is not a trigger/],
    ['cloudtrail-create-vpc-untagged', /created without privatelink tags and no default profile/],
  ])('deliberately ignores %s', (name, reason) => {
    expect(classifyEvent(loadEvent(name))).toEqual({ kind: 'ignore', reason: expect.stringMatching(reason) });
  });

  it.each([
    ['malformed-tag-change-no-detail', /detail/],
    ['malformed-cloudtrail-create-vpc-no-vpc', /responseElements\.vpc/],
  ])('rejects %s, saying what is wrong', (name, reason) => {
    expect(classifyEvent(loadEvent(name))).toEqual({ kind: 'reject', reason: expect.stringMatching(reason) });
  });

  it('rejects an event whose account or region the state machine would refuse, instead of starting a doomed run', () => {
    const noAccount = { ...loadEvent('cloudtrail-create-tags-vpc'), account: '' };
    expect(classifyEvent(noAccount)).toEqual({
      kind: 'reject',
      reason: expect.stringMatching(/accountId: must be a 12-digit account id/),
    });
    const badRegion = { ...loadEvent('tag-change-vpc'), region: 'mars' };
    expect(classifyEvent(badRegion)).toMatchObject({
      kind: 'reject',
      reason: expect.stringMatching(/region/),
    });
  });

  it('rejects what is not an EventBridge event at all', () => {
    expect(classifyEvent({ hello: 'world' })).toMatchObject({
      kind: 'reject',
      reason: expect.stringMatching(/not an EventBridge event/),
    });
    expect(classifyEvent(null)).toMatchObject({ kind: 'reject' });
  });

  it('gives an untagged new VPC the configured default profile', () => {
    expect(
      classifyEvent(loadEvent('cloudtrail-create-vpc-untagged'), { newVpcDefaultProfile: 'ssm' }),
    ).toEqual({
      kind: 'run',
      inputs: [expect.objectContaining({ vpcId: 'vpc-0e2d3c4b5a6978801', desired: { profile: 'ssm' } })],
    });
  });

  it('has a test case for every fixture', () => {
    const covered = new Set([
      'tag-change-vpc',
      'tag-change-vpc-removed',
      'cloudtrail-create-tags-vpc',
      'cloudtrail-delete-tags-vpc',
      'cloudtrail-create-vpc-tagged',
      'lookalike-tag-change-other-keys',
      'lookalike-tag-change-subnet',
      'lookalike-cloudtrail-create-tags-instance',
      'lookalike-cloudtrail-create-tags-denied',
      'lookalike-ec2-state-change',
      'cloudtrail-create-vpc-untagged',
      'malformed-tag-change-no-detail',
      'malformed-cloudtrail-create-vpc-no-vpc',
    ]);
    expect(eventFixtureNames().filter((n) => !covered.has(n))).toEqual([]);
  });
});
