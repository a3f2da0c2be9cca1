import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../lib/config';
import { ACCOUNT_TAKEOVER_ACTIONS } from '../../lib/constructs/user-pool';
import { createApplication } from '../../lib/stacks/application';
import { synthesize } from './synth';
import { resourcesOfType } from './template';

const SES = { fromEmail: 'no-reply@example.com', fromName: 'Shop', sesRegion: 'eu-west-1', sesVerifiedDomain: 'example.com' };

/** The prod stateful stack as it synthesizes with an SES identity in its stage configuration. */
const prodWithSes = () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = stageConfig('prod');
  return createApplication(app, { ...config, cognito: { ...config.cognito, email: SES } }).stateful;
};

const DEFAULT_SENDER_WARNING = Match.stringLikeRegexp("Cognito's default sender");

describe('the user pool in dev', () => {
  const { templates, stacks } = synthesize('dev');

  it('is on the Essentials plan, with no threat protection to pay for', () => {
    templates.stateful.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'ESSENTIALS', UserPoolAddOns: Match.absent() });
    expect(resourcesOfType(templates.stateful, 'AWS::Cognito::UserPoolRiskConfigurationAttachment')).toEqual([]);
  });

  it("does not warn about Cognito's default e-mail sender", () => {
    Annotations.fromStack(stacks.stateful).hasNoWarning('*', DEFAULT_SENDER_WARNING);
  });
});

describe('the user pool in prod', () => {
  const { templates, stacks } = synthesize('prod');

  it('is on the Plus plan with threat protection enforced', () => {
    templates.stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('declares what threat protection does at each risk level and with compromised passwords', () => {
    templates.stateful.hasResourceProperties('AWS::Cognito::UserPoolRiskConfigurationAttachment', {
      ClientId: 'ALL',
      AccountTakeoverRiskConfiguration: {
        Actions: {
          LowAction: { EventAction: ACCOUNT_TAKEOVER_ACTIONS.low, Notify: false },
          MediumAction: { EventAction: 'MFA_IF_CONFIGURED', Notify: false },
          HighAction: { EventAction: 'MFA_REQUIRED', Notify: false },
        },
      },
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' }, EventFilter: ['SIGN_IN', 'SIGN_UP', 'PASSWORD_CHANGE'] },
    });
  });

  it("warns, without failing the synth, that Cognito's default sender has a small daily quota when no SES identity is set", () => {
    Annotations.fromStack(stacks.stateful).hasWarning('*', DEFAULT_SENDER_WARNING);
    Annotations.fromStack(stacks.stateful).hasNoError('*', DEFAULT_SENDER_WARNING);
  });

  it('sends its e-mails through SES, without the warning, once the stage names a verified identity', () => {
    const stateful = prodWithSes();

    Template.fromStack(stateful).hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: 'Shop <no-reply@example.com>',
        SourceArn: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('ses:eu-west-1:'), ':identity/example.com'])] }),
      }),
    });
    Annotations.fromStack(stateful).hasNoWarning('*', DEFAULT_SENDER_WARNING);
  });

  it('gives id and access tokens 15 minutes, which bounds how long a revoked session works, an admin\'s included', () => {
    templates.stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      IdTokenValidity: 15,
      AccessTokenValidity: 15,
      TokenValidityUnits: Match.objectLike({ IdToken: 'minutes', AccessToken: 'minutes' }),
      EnableTokenRevocation: true,
    });
  });
});
