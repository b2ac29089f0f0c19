import { InvalidInputError } from '../../lib/domain/errors';
import {
  accountRegionOf,
  assertReachable,
  catalogueKeyOf,
  lockKeyOf,
  paceKeyOf,
  resolveVpcRef,
  vpcIn,
} from '../../lib/domain/vpc-ref';

const own = { accountId: '123456789012', region: 'us-east-1', partition: 'aws' };
const VPC = 'vpc-0123456789abcdef0';

describe('where a run acts', () => {
  it('resolves what an entry point leaves out to the own account and region', () => {
    expect(resolveVpcRef({ vpcId: VPC }, own)).toEqual({
      accountId: '123456789012',
      region: 'us-east-1',
      vpcId: VPC,
      own: true,
    });
    expect(resolveVpcRef({ vpcId: VPC, accountId: null, region: 'eu-west-1' }, own)).toMatchObject({
      accountId: '123456789012',
      region: 'eu-west-1',
      own: true,
    });
  });

  it('gives one pace record and one lock record to a VPC whether a trigger named its account or a person did not', () => {
    const fromTrigger = resolveVpcRef({ vpcId: VPC, accountId: '123456789012', region: 'us-east-1' }, own);
    const fromDrift = vpcIn(accountRegionOf(own), VPC);
    const fromCli = resolveVpcRef({ vpcId: VPC, region: 'us-east-1' }, own);
    for (const ref of [fromDrift, fromCli]) {
      expect(paceKeyOf('endpoint', ref)).toBe(paceKeyOf('endpoint', fromTrigger));
      expect(lockKeyOf(ref)).toBe(lockKeyOf(fromTrigger));
      expect(catalogueKeyOf(ref)).toBe(catalogueKeyOf(fromTrigger));
    }
    expect(paceKeyOf('endpoint', fromCli)).toBe('pace#endpoint#123456789012#us-east-1');
  });

  it('keeps the lock keys every release so far wrote: the VPC id in the own account, account-region-VPC for a member', () => {
    expect(
      lockKeyOf(resolveVpcRef({ vpcId: VPC, accountId: '123456789012', region: 'eu-west-1' }, own)),
    ).toBe(VPC);
    const member = resolveVpcRef({ vpcId: VPC, accountId: '444455556666', region: 'eu-west-1' }, own);
    expect(member.own).toBe(false);
    expect(lockKeyOf(member)).toBe(`444455556666-eu-west-1-${VPC}`);
  });

  it('refuses to resolve without a known own account, naming where it comes from', () => {
    expect(() => resolveVpcRef({ vpcId: VPC }, { ...own, accountId: '' })).toThrow(
      /own account is unknown.*function's ARN or STS/,
    );
  });

  it('reaches a member VPC only with a hub configured', () => {
    const member = resolveVpcRef({ vpcId: VPC, accountId: '444455556666' }, own);
    expect(() => assertReachable(member, false)).toThrow(InvalidInputError);
    expect(() => assertReachable(member, true)).not.toThrow();
    expect(() => assertReachable(resolveVpcRef({ vpcId: VPC }, own), false)).not.toThrow();
  });
});
