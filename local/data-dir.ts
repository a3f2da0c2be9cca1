import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from './startup-error';
import { isAlive } from './process-alive';

/** Where a persistent run keeps its state. Nothing here is used in --in-memory mode. */
export interface DataDirectory {
  readonly root: string;
  readonly dynamodb: string;
  readonly signingKey: string;
  readonly streamCheckpoints: string;
  /** The pid of the DynamoDB Local serving `dynamodb`, while one does. */
  readonly databaseProcess: string;
  /** Every change to the queues' contents, replayed at start (messaging/queue-journal.ts). */
  readonly queueJournal: string;
  /** Gives the directory back to the next run. */
  release(): void;
}


/**
 * Takes the data directory for this process. Two runs on one directory would corrupt
 * DynamoDB Local's database, so the second one stops with the first one's pid; a lock left by a
 * process that no longer exists (a crash, a kill -9) is taken over.
 */
export const lockDataDirectory = (root: string): DataDirectory => {
  fs.mkdirSync(path.join(root, 'dynamodb'), { recursive: true });
  const lockFile = path.join(root, 'local.lock');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return {
        root,
        dynamodb: path.join(root, 'dynamodb'),
        signingKey: path.join(root, 'signing-key.json'),
        streamCheckpoints: path.join(root, 'stream-checkpoints.json'),
        databaseProcess: path.join(root, 'dynamodb.pid'),
        queueJournal: path.join(root, 'queue-journal.ndjson'),
        release: () => {
          try {
            if (fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid)) fs.rmSync(lockFile);
          } catch {
            // Already gone: nothing to give back.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new StartupError(
          `The data directory ${root} is in use by another local runtime (pid ${owner}).`,
          'Stop that one first, or run this one with --in-memory or --data-dir <another directory>.',
        );
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new StartupError(`Could not lock the data directory ${root}.`);
};
