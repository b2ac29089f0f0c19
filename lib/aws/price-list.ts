import { GetProductsCommand, type PricingClient } from '@aws-sdk/client-pricing';
import type { RegionPrice } from '../domain/cost';
import { privateLinkPrice } from '../domain/price-list';
import { mapAwsError } from './errors';

/** One region's PrivateLink prices from the AWS Price List API, every page (pricing:GetProducts). */
export async function readPrivateLinkPrice(
  client: PricingClient,
  region: string,
): Promise<RegionPrice & { publishedOn?: string }> {
  const priceList: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client
      .send(
        new GetProductsCommand({
          ServiceCode: 'AmazonVPC',
          Filters: [
            { Type: 'TERM_MATCH', Field: 'regionCode', Value: region },
            { Type: 'TERM_MATCH', Field: 'productFamily', Value: 'VpcEndpoint' },
          ],
          FormatVersion: 'aws_v1',
          MaxResults: 100,
          NextToken,
        }),
      )
      .catch((err: unknown) => {
        throw mapAwsError(err, 'GetProducts');
      });
    priceList.push(...(page.PriceList ?? []).map(String));
    NextToken = page.NextToken;
  } while (NextToken);
  return privateLinkPrice(region, priceList);
}
