import type { ServiceOffer } from '../domain/model';

/** How long a warm container trusts a region's catalogues: new services and AZs appear over days. */
export const CATALOGUE_TTL_MS = 60 * 60 * 1000;

interface Entry<T> {
  value: T;
  readAt: number;
}

/**
 * The region-wide catalogues a snapshot needs besides the VPC itself — AWS-managed prefix lists and the
 * endpoint-service catalogue — kept per warm container (each function builds its own, at module scope),
 * so a second run in the same container reads only the VPC. docs/architecture.md, "EC2 reads".
 */
export class RegionCatalogues {
  private readonly prefixLists = new Map<string, Entry<Record<string, string>>>();
  private readonly offers = new Map<string, Entry<Record<string, ServiceOffer>>>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Forgets what it kept: the account it was read in is no longer the one behind the same keys. */
  forget(): void {
    this.prefixLists.clear();
    this.offers.clear();
  }

  private fresh<T>(map: Map<string, Entry<T>>, region: string): T | undefined {
    const entry = map.get(region);
    return entry && this.now() - entry.readAt < CATALOGUE_TTL_MS ? entry.value : undefined;
  }

  async prefixListsOf(region: string, read: () => Promise<Record<string, string>>) {
    const cached = this.fresh(this.prefixLists, region);
    if (cached) return cached;
    const value = await read();
    this.prefixLists.set(region, { value, readAt: this.now() });
    return value;
  }

  /** Every service name of the catalogue kept for `key`, if it was read. */
  namesOf(key: string): string[] | undefined {
    const all = this.fresh(this.offers, key);
    return all ? Object.keys(all) : undefined;
  }

  /** Offers of `serviceNames`; the whole catalogue is read again only when one is not in it. */
  async offersOf(
    region: string,
    serviceNames: string[],
    readAll: () => Promise<Record<string, ServiceOffer>>,
  ): Promise<Record<string, ServiceOffer>> {
    let all = this.fresh(this.offers, region);
    if (!all || serviceNames.some((name) => !all?.[name])) {
      all = await readAll();
      this.offers.set(region, { value: all, readAt: this.now() });
    }
    const catalogue = all;
    return Object.fromEntries(
      serviceNames.filter((n) => catalogue[n]).map((n) => [n, catalogue[n] as ServiceOffer]),
    );
  }
}
