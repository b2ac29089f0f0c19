import { PricingClient } from '@aws-sdk/client-pricing';
import { built, CLIENT_OPTIONS } from './build';

/** The Price List API answers from us-east-1 (also eu-central-1, ap-south-1) for every region's prices. */
export const pricingClient = built(new PricingClient({ ...CLIENT_OPTIONS, region: 'us-east-1' }));
