/**
 * Class data sharing for DynamoDB Local's JVM: the classes it loads to start, parsed and verified
 * once, are kept in an archive that later starts map instead of loading them again (on this 2-core
 * machine under load, ready in 2.0–3.0 s instead of 3.8–3.9 s; every `npm start` and every
 * end-to-end runtime pays it). The JVM archives classes from jars only, and refuses a class path
 * holding a directory, while DynamoDBLocal.jar's manifest puts its own directory (".") on it. So the
 * class path here is explicit: the launcher in a jar of its own, a copy of DynamoDBLocal.jar
 * without its Class-Path, and the library jars that manifest names, in its order.
 *
 * The first start writes the archive as its JVM exits (into a file of its own, renamed into place,
 * so two first starts never mix); later starts use it. A JVM that finds the archive unusable
 * ignores it and starts as it would without (-Xshare:auto, the default), so an archive can cost a
 * start nothing but its speed-up.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../startup-error';
import type { DynamoDbLocalJar } from './launcher';

/** How DynamoDB Local's JVM is started: its class path, and the archive it uses or writes. */
export interface SharedClasses {
  readonly classPath: readonly string[];
  readonly archive: { readonly use: string } | { readonly write: string; readonly into: string };
}

/** A manifest's attributes, continuation lines (those starting with a space) joined. */
const unfold = (manifest: string): string[] =>
  manifest
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .reduce<string[]>((lines, line) => {
      if (line.startsWith(' ') && lines.length > 0) lines[lines.length - 1] += line.slice(1);
      else lines.push(line);
      return lines;
    }, []);

/** The entries of a manifest's Class-Path attribute, in order. */
export const manifestClassPath = (manifest: string): string[] => {
  const attribute = unfold(manifest).find((line) => line.startsWith('Class-Path:'));
  return attribute ? attribute.slice('Class-Path:'.length).trim().split(/\s+/) : [];
};

/** The manifest without its Class-Path attribute (its continuation lines included). */
export const withoutClassPath = (manifest: string): string =>
  `${unfold(manifest)
    .filter((line) => !line.startsWith('Class-Path:'))
    .map((line) => line.replace(/(.{70})(?=.)/g, '$1\n '))
    .join('\n')
    .trimEnd()}\n\n`;

const jarTool = (args: readonly string[], cwd?: string): void => {
  const result = spawnSync('jar', args, { encoding: 'utf8', timeout: 120_000, ...(cwd ? { cwd } : {}) });
  if (result.error || result.status !== 0) {
    throw new StartupError(`Could not prepare DynamoDB Local's class path with the JDK's jar tool: ${result.error?.message ?? result.stderr.trim()}`);
  }
};

/**
 * The jars of the shared class path, made once in `launcherDir` (the launcher's cache directory,
 * keyed by the launcher's source and DynamoDB Local's jar): staged beside, then renamed.
 */
const sharedJars = (jar: DynamoDbLocalJar, launcherDir: string): { launcher: string; dynamodb: string; manifest: string } => {
  const jars = path.join(launcherDir, 'jars');
  const made = { launcher: path.join(jars, 'launcher.jar'), dynamodb: path.join(jars, 'DynamoDBLocal.jar'), manifest: path.join(jars, 'MANIFEST.MF') };
  const complete = (): boolean => Object.values(made).every((file) => fs.existsSync(file));
  if (complete()) return made;
  const staging = fs.mkdtempSync(`${jars}-`);
  try {
    const extracted = path.join(staging, 'extracted');
    fs.mkdirSync(extracted);
    jarTool(['xf', jar.jar], extracted);
    const manifest = path.join(extracted, 'META-INF', 'MANIFEST.MF');
    // The original is kept: its Class-Path names the library jars, in order.
    fs.copyFileSync(manifest, path.join(staging, 'MANIFEST.MF'));
    fs.writeFileSync(manifest, withoutClassPath(fs.readFileSync(manifest, 'utf8')));
    jarTool(['--create', '--file', path.join(staging, 'DynamoDBLocal.jar'), '--no-manifest', '-C', extracted, '.']);
    jarTool(['--create', '--file', path.join(staging, 'launcher.jar'), '-C', launcherDir, ...fs.readdirSync(launcherDir).filter((file) => file.endsWith('.class'))]);
    fs.rmSync(extracted, { recursive: true, force: true });
    fs.renameSync(staging, jars);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    // Another run made them first: theirs are the same jars.
    if (!complete()) throw error;
  }
  return made;
};

/**
 * The class path and archive for a start of DynamoDB Local. `javaVersion` is what `java -version`
 * printed: an archive is kept per Java build, so that another Java writes its own.
 */
export const sharedClasses = (jar: DynamoDbLocalJar, launcherDir: string, javaVersion: string): SharedClasses => {
  const { launcher, dynamodb, manifest } = sharedJars(jar, launcherDir);
  const libraries = manifestClassPath(fs.readFileSync(manifest, 'utf8'))
    .filter((entry) => entry.endsWith('.jar'))
    .map((entry) => path.join(jar.home, entry))
    .filter((file) => fs.existsSync(file));
  const archive = path.join(launcherDir, `dynamodb-local-${createHash('sha256').update(javaVersion).digest('hex').slice(0, 12)}.jsa`);
  return {
    classPath: [launcher, dynamodb, ...libraries],
    archive: fs.existsSync(archive) ? { use: archive } : { write: `${archive}.${randomUUID()}.tmp`, into: archive },
  };
};

/** The JVM options for `archive`: map the archive, or write one at exit. */
export const archiveOptions = (archive: SharedClasses['archive']): string[] =>
  'use' in archive
    ? [`-XX:SharedArchiveFile=${archive.use}`, '-Xlog:cds=off', '-Xlog:cds+dynamic=off']
    : [`-XX:ArchiveClassesAtExit=${archive.write}`, '-Xlog:cds=off', '-Xlog:cds+dynamic=off'];

/** After a JVM that wrote an archive has exited: the archive into place, if it wrote one. */
export const keepWrittenArchive = (archive: SharedClasses['archive']): void => {
  if ('use' in archive) return;
  try {
    if (fs.existsSync(archive.write)) fs.renameSync(archive.write, archive.into);
  } catch {
    fs.rmSync(archive.write, { force: true });
  }
};
