import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { StageConfig } from '../config';

const RETENTION: Record<StageConfig['logRetentionDays'], RetentionDays> = {
  7: RetentionDays.ONE_WEEK,
  14: RetentionDays.TWO_WEEKS,
  30: RetentionDays.ONE_MONTH,
  90: RetentionDays.THREE_MONTHS,
  180: RetentionDays.SIX_MONTHS,
  365: RetentionDays.ONE_YEAR,
};

/** The stage's log retention as CloudWatch Logs names it. */
export const logRetention = (config: StageConfig): RetentionDays => RETENTION[config.logRetentionDays];

/** What a stage does with its resources when its stack is deleted: prod keeps them, dev does not. */
export const removalPolicy = (config: StageConfig): RemovalPolicy =>
  config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

/** `users` -> `Users`: construct ids and logical ids are PascalCase. */
export const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
