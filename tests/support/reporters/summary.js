module.exports = require('@jest/reporters').SummaryReporter;
