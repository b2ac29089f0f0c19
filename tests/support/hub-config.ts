/**
 * Imported first by a test file whose functions run as a hub: they read the config once, when their
 * modules load, from PRIVATELINK_CONFIG (each test file has its own module registry and environment).
 */
process.env.PRIVATELINK_CONFIG = JSON.stringify({
  hub: { roleName: 'privatelink-spoke', externalId: 'privatelink-test-hub' },
});
