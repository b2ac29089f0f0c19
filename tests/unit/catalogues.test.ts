import { CATALOGUE_TTL_MS, RegionCatalogues } from '../../lib/aws/catalogues';
import type { ServiceOffer } from '../../lib/domain/model';

const offer = { types: ['Interface'] } as unknown as ServiceOffer;

describe("a warm container's region catalogues", () => {
  let now = 0;
  const catalogues = new RegionCatalogues(() => now);
  let reads = 0;
  const readAll = async () => {
    reads += 1;
    return { 'com.amazonaws.us-east-1.ssm': offer, 'com.amazonaws.us-east-1.logs': offer };
  };

  it('reads the service catalogue once, then answers from memory', async () => {
    await catalogues.offersOf('us-east-1', ['com.amazonaws.us-east-1.ssm'], readAll);
    const again = await catalogues.offersOf('us-east-1', ['com.amazonaws.us-east-1.logs'], readAll);
    expect(reads).toBe(1);
    expect(Object.keys(again)).toEqual(['com.amazonaws.us-east-1.logs']);
  });

  it('reads it again for a service it does not hold (new in the region), and after an hour', async () => {
    await catalogues.offersOf('us-east-1', ['com.amazonaws.us-east-1.kms'], readAll);
    expect(reads).toBe(2);
    now += CATALOGUE_TTL_MS;
    await catalogues.offersOf('us-east-1', ['com.amazonaws.us-east-1.ssm'], readAll);
    expect(reads).toBe(3);
  });

  it('keeps each region apart', async () => {
    await catalogues.offersOf('eu-west-1', ['com.amazonaws.us-east-1.ssm'], readAll);
    expect(reads).toBe(4);
  });
});
