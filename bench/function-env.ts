import { useFunctionEnvironment } from '../tests/support/function-env';

// Imported first by every benchmark: the functions run in-process and read their environment when loaded.
useFunctionEnvironment('privatelink-bench');
