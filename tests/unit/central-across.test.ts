import {
  entryDescription,
  entrySpoke,
  planCentralLinks,
  type CentralState,
  type CentralVpc,
} from '../../lib/domain/central/links';
import type { DesiredState, VpcSnapshot } from '../../lib/domain/model';

/**
 * Centralized endpoints across a hub's accounts, decided (lib/domain/central/links.ts): a member's spoke
 * of the hub's central VPC names the hub's account on every link it plans there.
 */
const HUB = '111122223333';
const MEMBER = '222222222222';
const spoke = 'vpc-0aaaaaaaaaaaaaaa1';
const snapshot = {
  vpc: { vpcId: spoke, ownerId: MEMBER, cidrBlocks: ['10.81.0.0/16'] },
  region: 'us-east-1',
  endpoints: [],
  offers: {},
} as unknown as Pick<VpcSnapshot, 'vpc' | 'region' | 'endpoints' | 'offers'>;
const desired = {
  services: [{ name: 'ssm', type: 'Interface' }],
  use: 'central',
} as unknown as Pick<DesiredState, 'share' | 'use' | 'services'>;
const hubList = {
  prefixListId: 'pl-0hub',
  centralVpcId: 'vpc-0central',
  accountId: HUB,
  version: 3,
  maxEntries: 50,
  entries: [],
};
const central: CentralVpc = {
  vpcId: 'vpc-0central',
  accountId: HUB,
  cidrBlocks: ['10.80.0.0/16'],
  shared: ['ssm'],
  endpointAzs: { ssm: 2 },
  zones: [{ zoneId: 'ZSSM', name: 'ssm.us-east-1.amazonaws.com', centralVpcId: 'vpc-0central' }],
  list: hubList,
};

describe("a member's spoke of the hub's central VPC", () => {
  it("plans its entry in the hub's list and its association as across accounts", () => {
    const state: CentralState = { associated: [], listsWithEntries: [], central };

    const work = planCentralLinks(desired, snapshot, state, 'stack', 50);

    expect(work).toMatchObject({
      role: 'spoke',
      centralAccountId: HUB,
      served: ['ssm'],
      addEntries: [{ prefixListId: 'pl-0hub', accountId: HUB, cidrs: ['10.81.0.0/16'], version: 3 }],
      associate: [{ zoneId: 'ZSSM', name: 'ssm.us-east-1.amazonaws.com' }],
    });
  });

  it("removes its entry from the hub's list there when it leaves", () => {
    const withEntry = {
      ...hubList,
      entries: [{ cidr: '10.81.0.0/16', spokeVpcId: spoke, spokeAccountId: MEMBER }],
    };
    const state: CentralState = {
      associated: [{ zoneId: 'ZSSM', name: 'ssm.us-east-1.amazonaws.com', centralVpcId: 'vpc-0central' }],
      listsWithEntries: [withEntry],
    };

    const work = planCentralLinks({ ...desired, use: undefined }, snapshot, state, 'stack', 50);

    expect(work).toMatchObject({
      role: 'none',
      removeEntries: [{ prefixListId: 'pl-0hub', accountId: HUB, cidrs: ['10.81.0.0/16'] }],
      disassociate: [{ zoneId: 'ZSSM', name: 'ssm.us-east-1.amazonaws.com' }],
    });
    expect(work.centralAccountId).toBeUndefined();
  });
});

describe("a hub's central VPC", () => {
  it('deletes the authorizations of spokes that joined and of VPCs that are no spoke, and keeps one a spoke is about to use', () => {
    const centralSnapshot = {
      ...snapshot,
      vpc: { vpcId: 'vpc-0central', ownerId: HUB, cidrBlocks: ['10.80.0.0/16'] },
    } as typeof snapshot;
    const subscriber = (vpcId: string) => ({ vpcId, accountId: MEMBER, cidrBlocks: [], served: ['ssm'] });
    const state: CentralState = {
      associated: [],
      listsWithEntries: [],
      own: {
        groupHasListRule: true,
        list: hubList,
        subscribers: [subscriber('vpc-0joined'), subscriber('vpc-0inflight')],
        zones: [
          {
            zoneId: 'ZSSM',
            name: 'ssm.us-east-1.amazonaws.com',
            centralVpcId: 'vpc-0central',
            records: [],
            vpcIds: ['vpc-0central', 'vpc-0joined'],
            authorized: ['vpc-0joined', 'vpc-0inflight', 'vpc-0gone'],
          },
        ],
      },
    };

    const work = planCentralLinks(
      { ...desired, use: undefined, share: ['ssm'] },
      centralSnapshot,
      state,
      'stack',
      50,
    );

    expect(work.deauthorize).toEqual([
      { zoneId: 'ZSSM', name: 'ssm.us-east-1.amazonaws.com', vpcId: 'vpc-0joined' },
      { zoneId: 'ZSSM', name: 'ssm.us-east-1.amazonaws.com', vpcId: 'vpc-0gone' },
    ]);
  });
});

describe('a spoke list entry', () => {
  it("names a spoke of the list's own account by its VPC id, and one of another account with that account", () => {
    expect(entryDescription(spoke)).toBe(spoke);
    expect(entryDescription(spoke, MEMBER)).toBe(`${MEMBER}/${spoke}`);
    expect(entrySpoke(`${MEMBER}/${spoke}`)).toEqual({ spokeVpcId: spoke, spokeAccountId: MEMBER });
    expect(entrySpoke(spoke)).toEqual({ spokeVpcId: spoke });
  });
});
