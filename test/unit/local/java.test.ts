import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { javaMajorVersion, requireJava } from '../../../local/java';
import { StartupError } from '../../../local/startup-error';

describe('javaMajorVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "11.0.2" 2019-01-15', 11],
  ])('reads %s as Java %i', (output, major) => {
    expect(javaMajorVersion(output)).toBe(major);
  });

  it('returns undefined for output that names no version', () => {
    expect(javaMajorVersion('bash: java: command not found')).toBeUndefined();
  });
});

/** requireJava runs `java -version` from the PATH: each test puts its own `java` (or none) there. */
describe('requireJava', () => {
  const originalPath = process.env.PATH;
  let bin: string;

  beforeEach(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'java-test-'));
    process.env.PATH = bin;
  });
  afterEach(() => {
    process.env.PATH = originalPath;
    fs.rmSync(bin, { recursive: true, force: true });
  });

  /** A `java` that prints what a real one prints for -version, on stderr. */
  const fakeJava = (versionLine: string): void => {
    fs.writeFileSync(path.join(bin, 'java'), `#!/bin/sh\necho '${versionLine}' >&2\n`, { mode: 0o755 });
  };

  const failureOf = (): StartupError => {
    try {
      requireJava();
    } catch (error) {
      if (error instanceof StartupError) return error;
      throw error;
    }
    throw new Error('requireJava accepted this Java');
  };

  it('accepts Java 17', () => {
    fakeJava('openjdk version "17.0.15" 2025-04-15');
    expect(() => requireJava()).not.toThrow();
  });

  it('refuses Java 11, naming the version found and how to install a newer one', () => {
    fakeJava('openjdk version "11.0.2" 2019-01-15');
    const error = failureOf();
    expect(error.message).toBe('DynamoDB Local needs Java 17 or newer; found Java 11.');
    expect(error.hint).toMatch(/apt-get install openjdk-17-jre-headless|brew install openjdk@17/);
  });

  it('refuses a java whose version it cannot read', () => {
    fakeJava('something else entirely');
    expect(failureOf().message).toMatch(/found an unrecognised version/);
  });

  it('says Java is missing when there is no java on the PATH', () => {
    const error = failureOf();
    expect(error.message).toMatch(/^Java was not found on the PATH/);
    expect(error.hint).toMatch(/Install a Java runtime/);
  });
});
