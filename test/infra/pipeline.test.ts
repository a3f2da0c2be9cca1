import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../lib/paths';
import { STAGES } from './synth';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

interface Job {
  readonly if?: string;
  readonly needs?: string | string[];
  readonly environment?: string;
  readonly permissions?: Record<string, string>;
  readonly steps: Step[];
}

interface Workflow {
  readonly on: Record<string, { branches?: string[] }>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const WORKFLOWS = path.join(repoRoot, '.github', 'workflows');
const PIPELINE = path.join(WORKFLOWS, 'pipeline.yml');
const source = readFileSync(PIPELINE, 'utf8');
const workflow = parse(source) as Workflow;
const job = (name: string): Job => {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`No job ${name}`);
  return found;
};
const runs = (name: string): string => job(name).steps.map((step) => step.run ?? '').join('\n');
const needs = (name: string): string[] => [job(name).needs ?? []].flat();
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

describe('the GitHub Actions workflows', () => {
  it.each(readdirSync(WORKFLOWS))('%s passes action-validator', (file) => {
    expect(validateWorkflow(readFileSync(path.join(WORKFLOWS, file), 'utf8')).errors).toEqual([]);
  });

  it('are checked by a validator that refuses a broken workflow', () => {
    const broken = source.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');

    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });
});

describe('the deployment pipeline', () => {
  it('runs on pull requests to main and on pushes to main', () => {
    expect(workflow.on).toEqual({ pull_request: { branches: ['main'] }, push: { branches: ['main'] } });
  });

  it('installs, runs npm test and synthesizes both stages (cdk-nag fails a synth) before anything else', () => {
    const check = runs('check');

    expect(check).toContain('npm ci');
    expect(check).toContain('npm test');
    for (const stage of STAGES) expect(check).toMatch(new RegExp(`cdk synth -c stage=${stage}\\b`));
    for (const other of ['diff', 'deploy-dev']) expect(needs(other)).toContain('check');
  });

  it('posts the cdk diff of both stages on a pull request from this repository', () => {
    expect(job('diff').if).toContain("github.event_name == 'pull_request'");
    // cdk synth and cdk diff take every stack without --all (they have no such option); deploy needs it.
    expect(runs('diff')).toContain('cdk diff -c "stage=${stage}"');
    expect(runs('diff')).toMatch(/for stage in dev prod/);
    expect(runs('diff')).toContain('gh pr comment');
    expect(job('diff').permissions).toMatchObject({ 'pull-requests': 'write', 'id-token': 'write' });
  });

  it('deploys dev on main, then prod after the approval of its environment', () => {
    expect(job('deploy-dev').if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(runs('deploy-dev')).toContain('cdk deploy --all -c stage=dev');
    expect(needs('deploy-prod')).toEqual(['deploy-dev']);
    expect(job('deploy-prod').environment).toBe('prod');
    expect(runs('deploy-prod')).toContain('cdk deploy --all -c stage=prod');
  });

  it('gets AWS credentials only through OIDC, in the jobs that need them, never from stored keys', () => {
    const awsJobs = Object.entries(workflow.jobs).filter(([, candidate]) =>
      candidate.steps.some((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@')),
    );

    expect(awsJobs.map(([name]) => name).sort()).toEqual(['deploy-dev', 'deploy-prod', 'diff']);
    for (const [name, awsJob] of awsJobs) {
      expect(awsJob.permissions?.['id-token'], name).toBe('write');
      const credentials = awsJob.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      expect(Object.keys(credentials?.with ?? {}).sort(), name).toEqual(['aws-region', 'role-to-assume']);
    }
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(source).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/i);
  });

  it('pins every action to a major version', () => {
    const uses = Object.values(workflow.jobs).flatMap((candidate) => candidate.steps.flatMap((step) => (step.uses ? [step.uses] : [])));

    expect(uses.filter((action) => !/@v\d+$/.test(action))).toEqual([]);
  });

  it('has its one-time AWS set-up documented in the README', () => {
    for (const variable of ['AWS_DEPLOY_ROLE_ARN', 'AWS_DIFF_ROLE_ARN', 'AWS_REGION']) expect(readme).toContain(variable);
    expect(readme).toContain('token.actions.githubusercontent.com');
  });
});
