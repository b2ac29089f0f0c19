import 'aws-sdk-client-mock-jest';
import { installPromiseWithResolvers } from '../../lib/local/polyfills';
import { useFunctionEnvironment } from './function-env';

installPromiseWithResolvers();

useFunctionEnvironment('privatelink-test');
