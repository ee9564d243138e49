// Club-time rendering lives in core, shared with the CLI.
export { clubLocalTime } from '@connector/core';
