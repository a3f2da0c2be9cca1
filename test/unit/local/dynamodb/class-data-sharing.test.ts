import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveOptions, keepWrittenArchive, manifestClassPath, sharedClasses, withoutClassPath } from '../../../../local/dynamodb/class-data-sharing';
import { dynamoDbLocalJar } from '../../../../local/dynamodb/launcher';

const MANIFEST = [
  'Manifest-Version: 1.0',
  'Main-Class: software.amazon.dynamodb.services.local.main.ServerRunner',
  'Class-Path: . log4j2.xml DynamoDBLocal_lib/Apache-HttpComponents-HttpC',
  ' lient-4.5.x.jar DynamoDBLocal_lib/sqlite4java.jar',
  'Bundle-License: DynamoDB Local License Agreement (classpath:LICENSE.tx',
  ' t)',
  '',
  '',
].join('\r\n');

describe("DynamoDB Local's manifest", () => {
  it('names its class path entries in order, continuation lines joined', () => {
    expect(manifestClassPath(MANIFEST)).toEqual(['.', 'log4j2.xml', 'DynamoDBLocal_lib/Apache-HttpComponents-HttpClient-4.5.x.jar', 'DynamoDBLocal_lib/sqlite4java.jar']);
  });

  it('loses its Class-Path and keeps every other attribute, in lines of at most 72 bytes', () => {
    const stripped = withoutClassPath(MANIFEST);
    expect(manifestClassPath(stripped)).toEqual([]);
    expect(stripped).toContain('Main-Class: software.amazon.dynamodb.services.local.main.ServerRunner');
    expect(stripped.replace(/\n /g, '')).toContain('Bundle-License: DynamoDB Local License Agreement (classpath:LICENSE.txt)');
    for (const line of stripped.split('\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(72);
    expect(stripped.endsWith('\n\n')).toBe(true);
  });
});

describe('the shared class path and archive', { timeout: 60_000 }, () => {
  let launcherDir: string;
  beforeAll(() => {
    launcherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'class-data-sharing-'));
    fs.writeFileSync(path.join(launcherDir, 'LoopbackDynamoDbLocal.class'), 'not a real class: only jarred here');
  });
  afterAll(() => fs.rmSync(launcherDir, { recursive: true, force: true }));

  it('holds jars only, the launcher first and every library the manifest names, and writes an archive until one exists', () => {
    const jar = dynamoDbLocalJar();
    const first = sharedClasses(jar, launcherDir, 'openjdk version "17.0.15"');

    for (const entry of first.classPath) {
      expect(entry).toMatch(/\.jar$/);
      expect(fs.statSync(entry).isFile(), entry).toBe(true);
    }
    expect(path.basename(first.classPath[0]!)).toBe('launcher.jar');
    expect(path.basename(first.classPath[1]!)).toBe('DynamoDBLocal.jar');
    expect(first.classPath[1]).not.toBe(jar.jar);
    expect(first.classPath.length).toBeGreaterThan(10);
    expect(first.archive).toEqual({ write: expect.stringMatching(/\.jsa\.[0-9a-f-]+\.tmp$/), into: expect.stringMatching(/\.jsa$/) });
    expect(archiveOptions(first.archive)[0]).toBe(`-XX:ArchiveClassesAtExit=${(first.archive as { write: string }).write}`);

    // The JVM wrote it as it exited: it goes into place, and the next start maps it.
    fs.writeFileSync((first.archive as { write: string }).write, 'archive');
    keepWrittenArchive(first.archive);
    const next = sharedClasses(jar, launcherDir, 'openjdk version "17.0.15"');
    expect(next.archive).toEqual({ use: (first.archive as { into: string }).into });
    expect(archiveOptions(next.archive)[0]).toBe(`-XX:SharedArchiveFile=${(first.archive as { into: string }).into}`);
    expect(next.classPath).toEqual(first.classPath);

    // Another Java build writes an archive of its own.
    expect('write' in sharedClasses(jar, launcherDir, 'openjdk version "21.0.4"').archive).toBe(true);
  });

  it('leaves nothing in place when the JVM wrote no archive (it was killed)', () => {
    const classes = sharedClasses(dynamoDbLocalJar(), launcherDir, 'openjdk version "17.0.99"');
    keepWrittenArchive(classes.archive);
    expect(fs.existsSync((classes.archive as { into: string }).into)).toBe(false);
  });
});
