/*
 * The Connector's own packages, loaded on first use rather than when the CLI starts: `connector --help`
 * and `connector --version` load neither, and each command loads what it runs (the hub and its server
 * only for the commands that serve). Types are imported as usual; values go through these.
 */

/** `@connector/core`, loaded at the first call. */
export const coreModule = (): typeof import('@connector/core') => require('@connector/core');

/** `@connector/hub`, loaded at the first call. */
export const hubModule = (): typeof import('@connector/hub') => require('@connector/hub');
