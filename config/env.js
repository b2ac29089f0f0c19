// Serverless variable source: the deployed configuration as the one JSON string the functions read
// (PRIVATELINK_CONFIG). Set PRIVATELINK_CONFIG_FILE to deploy another file.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

module.exports.json = () => {
  const file = process.env.PRIVATELINK_CONFIG_FILE || join(__dirname, 'privatelink.json');
  return JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));
};

/** The drift schedule expression from the same file (default rate(6 hours)). */
module.exports.driftSchedule = () => {
  const file = process.env.PRIVATELINK_CONFIG_FILE || join(__dirname, 'privatelink.json');
  return JSON.parse(readFileSync(file, 'utf8')).drift?.schedule || 'rate(6 hours)';
};
