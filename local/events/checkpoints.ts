/**
 * How far each stream shard has been handed to its relay, as Lambda's event source mapping
 * remembers it. A persistent run keeps it on disk, so a restart resumes after the last delivered
 * record instead of re-publishing the whole 24-hour stream.
 */
import fs from 'node:fs';

export interface Checkpoints {
  get(streamArn: string, shardId: string): string | undefined;
  set(streamArn: string, shardId: string, sequenceNumber: string): void;
}

export const createCheckpoints = (file: string | undefined): Checkpoints => {
  const positions: Record<string, string> = file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const key = (streamArn: string, shardId: string): string => `${streamArn}|${shardId}`;
  return {
    get: (streamArn, shardId) => positions[key(streamArn, shardId)],
    set: (streamArn, shardId, sequenceNumber) => {
      positions[key(streamArn, shardId)] = sequenceNumber;
      if (!file) return;
      // Written whole and renamed into place, so a crash mid-write cannot leave half a file.
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(positions));
      fs.renameSync(`${file}.tmp`, file);
    },
  };
};
