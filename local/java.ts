import { spawnSync } from 'node:child_process';
import { StartupError } from './startup-error';

/** DynamoDB Local 3.x runs on Java 17 or newer. */
const MINIMUM_JAVA = 17;
const INSTALL_HINT = 'Install a Java runtime, e.g. `sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu) or `brew install openjdk@17` (macOS), then run npm start again.';

/** `java -version` prints e.g. `openjdk version "17.0.15"` or, before Java 9, `java version "1.8.0_392"`. */
export const javaMajorVersion = (versionOutput: string): number | undefined => {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
};

/**
 * Fails with install instructions unless `java` on the PATH is recent enough for DynamoDB Local;
 * returns what `java -version` printed.
 */
export const requireJava = (): string => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (result.error) {
    throw new StartupError(`Java was not found on the PATH; DynamoDB Local needs Java ${MINIMUM_JAVA} or newer.`, INSTALL_HINT);
  }
  const version = `${result.stderr}${result.stdout}`;
  const major = javaMajorVersion(version);
  if (major === undefined || major < MINIMUM_JAVA) {
    throw new StartupError(`DynamoDB Local needs Java ${MINIMUM_JAVA} or newer; found ${major === undefined ? 'an unrecognised version' : `Java ${major}`}.`, INSTALL_HINT);
  }
  return version;
};
