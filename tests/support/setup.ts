import 'aws-sdk-client-mock-jest';
import { installPromiseWithResolvers } from '../../lib/operations/local/polyfills';
import { useFunctionEnvironment } from './function-env';

installPromiseWithResolvers();

useFunctionEnvironment('privatelink-test');
