import { InvalidInputError } from './errors';
import type { RegionPrice } from './cost';

/**
 * Reads PrivateLink's two prices out of AWS Price List products (pricing:GetProducts, service code
 * AmazonVPC, product family VpcEndpoint): the interface endpoint's hour in one AZ (usage type
 * `<prefix>-VpcEndpoint-Hours`) and the first tier of data processed (`<prefix>-VpcEndpoint-Bytes`).
 * https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/price-changes.html (the PriceList format)
 */

interface PriceDimension {
  unit?: string;
  beginRange?: string;
  pricePerUnit?: { USD?: string };
}
interface PriceListProduct {
  product?: { attributes?: { usagetype?: string; regionCode?: string } };
  terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, PriceDimension> }> };
  publicationDate?: string;
}

const HOURS = /(^|-)VpcEndpoint-Hours$/;
const BYTES = /(^|-)VpcEndpoint-Bytes$/;

/** The first tier's USD price of the products whose usage type matches. */
function firstTier(products: PriceListProduct[], usage: RegExp): number | undefined {
  const dimensions = products
    .filter((p) => usage.test(p.product?.attributes?.usagetype ?? ''))
    .flatMap((p) => Object.values(p.terms?.OnDemand ?? {}))
    .flatMap((term) => Object.values(term.priceDimensions ?? {}));
  const first = dimensions.find((d) => (d.beginRange ?? '0') === '0') ?? dimensions[0];
  const usd = Number(first?.pricePerUnit?.USD);
  return first && Number.isFinite(usd) ? usd : undefined;
}

/** Both prices of one region, or an error naming what the Price List did not have. */
export function privateLinkPrice(
  region: string,
  priceList: string[],
): RegionPrice & { publishedOn?: string } {
  const products = priceList.map((doc) => JSON.parse(doc) as PriceListProduct);
  const inRegion = products.filter((p) => (p.product?.attributes?.regionCode ?? region) === region);
  const interfaceAzHour = firstTier(inRegion, HOURS);
  const dataPerGb = firstTier(inRegion, BYTES);
  if (interfaceAzHour === undefined || dataPerGb === undefined) {
    const missing = [
      interfaceAzHour === undefined && 'VpcEndpoint-Hours',
      dataPerGb === undefined && 'VpcEndpoint-Bytes',
    ];
    throw new InvalidInputError(
      `the AWS Price List has no ${missing.filter(Boolean).join(' or ')} price for ${region} (AmazonVPC, ` +
        `product family VpcEndpoint): check the region name, or set its prices in the config by hand`,
    );
  }
  const publishedOn = inRegion
    .map((p) => p.publicationDate)
    .find(Boolean)
    ?.slice(0, 10);
  return { interfaceAzHour, dataPerGb, ...(publishedOn ? { publishedOn } : {}) };
}
