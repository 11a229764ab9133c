/**
 * Jest set-up (every test file): the Server Role credentials source never reaches NCP's metadata
 * address (169.254.169.254) from the suite. In-process code asks a dead loopback port instead; child
 * processes get the same variable from `process.env` or from the literal their test passes.
 */
process.env.NCLOUD_METADATA_API_ENDPOINT ??= "http://127.0.0.1:9";
