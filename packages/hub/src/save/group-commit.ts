import { GroupCommitter as CoreGroupCommitter, type SaveRecordInput, type SaveRecordResult } from '@connector/core';

export type { GroupCommitOptions } from '@connector/core';

/** The hub's group commit of concurrent saves (core's {@link CoreGroupCommitter} over saved records). */
export const GroupCommitter = CoreGroupCommitter<SaveRecordInput, SaveRecordResult>;
export type GroupCommitter = CoreGroupCommitter<SaveRecordInput, SaveRecordResult>;
