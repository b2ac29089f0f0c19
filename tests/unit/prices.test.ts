import { presentationFor } from '../../cli/output';
import { configFromEnv } from '../../lib/domain/config';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import Ajv from 'ajv';
import { mockClient } from 'aws-sdk-client-mock';
import outputSchema from '../../schemas/cli-output.schema.json';
import 'aws-sdk-client-mock-jest';
import { pricesCommand } from '../../cli/prices';
import type { CommandEnv } from '../../cli/context';
import { readPrivateLinkPrice } from '../../lib/aws/price-list';
import { InvalidConfigError, InvalidInputError } from '../../lib/domain/errors';
import { privateLinkPrice } from '../../lib/domain/price-list';

/** A GetProducts answer for eu-west-1, in the Price List's own shape (AmazonVPC, product family VpcEndpoint). */
const EU_WEST_1 = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/pricing/get-products-eu-west-1.json'), 'utf8'),
) as { PriceList: string[] };

const env = (out: string[], json = false): CommandEnv => ({
  region: 'eu-west-1',
  stackName: 'privatelink-orchestrator-dev',
  lockTable: 't',
  config: configFromEnv(),
  ...presentationFor({ json }, { out: (t) => out.push(t), err: () => undefined }),
  io: { out: (t) => out.push(t), err: () => undefined },
});
const fixed = async () => ({ interfaceAzHour: 0.011, dataPerGb: 0.01 });

describe('the Price List reader', () => {
  it('takes the interface endpoint hour and the first tier of data processed, not the GWLB endpoint', () => {
    expect(privateLinkPrice('eu-west-1', EU_WEST_1.PriceList)).toEqual({
      interfaceAzHour: 0.011,
      dataPerGb: 0.01,
      publishedOn: '2026-11-01',
    });
  });

  it('names the region and what is missing when the Price List has no such product', () => {
    expect(() => privateLinkPrice('eu-nowhere-1', [])).toThrow(InvalidInputError);
    expect(() => privateLinkPrice('eu-nowhere-1', [])).toThrow(
      /no VpcEndpoint-Hours or VpcEndpoint-Bytes price for eu-nowhere-1/,
    );
  });

  it('asks GetProducts for AmazonVPC endpoints of the one region, every page', async () => {
    const pricing = mockClient(PricingClient);
    const [first, ...rest] = EU_WEST_1.PriceList;
    pricing
      .on(GetProductsCommand)
      .resolvesOnce({ PriceList: [first ?? ''], NextToken: 'page-2' })
      .resolvesOnce({ PriceList: rest });

    const price = await readPrivateLinkPrice(new PricingClient({ region: 'us-east-1' }), 'eu-west-1');

    expect(price).toMatchObject({ interfaceAzHour: 0.011, dataPerGb: 0.01 });
    expect(pricing).toHaveReceivedCommandTimes(GetProductsCommand, 2);
    expect(pricing).toHaveReceivedCommandWith(GetProductsCommand, {
      ServiceCode: 'AmazonVPC',
      Filters: [
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' },
        { Type: 'TERM_MATCH', Field: 'productFamily', Value: 'VpcEndpoint' },
      ],
      NextToken: 'page-2',
    });
    pricing.restore();
  });
});

describe('privatelink prices', () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'prices-'));

  it('writes the prices, dated, into the config file and keeps everything else in it', async () => {
    const file = join(tmp(), 'privatelink.json');
    writeFileSync(
      file,
      JSON.stringify({
        allowedServices: ['ssm'],
        prices: { 'us-west-2': { interfaceAzHour: 0.01, dataPerGb: 0.01 } },
      }),
    );
    const out: string[] = [];

    await pricesCommand(['eu-west-1'], { write: file }, env(out), fixed, () => '2026-11-27');

    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      allowedServices: ['ssm'],
      prices: {
        'us-west-2': { interfaceAzHour: 0.01, dataPerGb: 0.01 },
        'eu-west-1': { interfaceAzHour: 0.011, dataPerGb: 0.01, takenOn: '2026-11-27' },
      },
    });
    expect(out.join('\n')).toMatch(/eu-west-1.*\$0\.011.*\$0\.01.*\$8\.03/);
  });

  it('leaves a file that is not a valid config as it was', async () => {
    const file = join(tmp(), 'privatelink.json');
    writeFileSync(file, '{"allowedServices": "ssm"}');

    await expect(pricesCommand(['eu-west-1'], { write: file }, env([]), fixed)).rejects.toThrow(
      InvalidConfigError,
    );
    expect(readFileSync(file, 'utf8')).toBe('{"allowedServices": "ssm"}');
  });

  it('prints one JSON document of the documented shape under --json', async () => {
    const out: string[] = [];
    await pricesCommand(['eu-west-1'], {}, env(out, true), fixed, () => '2026-11-27');
    const ajv = new Ajv({ allErrors: true });
    ajv.addSchema(outputSchema, 'cli');
    expect(ajv.validate('cli#/definitions/prices', JSON.parse(out.join(''))) || ajv.errorsText()).toBe(true);
  });

  it('refuses a malformed region before asking AWS anything', async () => {
    const read = jest.fn(fixed);
    await expect(pricesCommand(['Ireland'], {}, env([]), read)).rejects.toThrow(
      'not region names: Ireland; accepted: such as us-east-1 or eu-west-1',
    );
    expect(read).not.toHaveBeenCalled();
  });
});
