// The frame of every claim step: the page header on H5, where the user is among the steps
// that apply to this claim (five, or three for 一键同步), the step's title and a line saying
// why it is asked, then the step itself.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ClaimStep } from '@ybm/shared';
import type { ReactNode } from 'react';

import { HOME_TAB } from '../../services/back';
import { CLAIM_TITLE, visibleSteps } from '../../services/claim';
import { PageHeader } from '../page-header';
import { PrimaryButton } from '../primary-button';
import { ResultPanel } from '../result-panel';
import './index.scss';

export interface ClaimLayoutProps {
  step: ClaimStep;
  title: string;
  subtitle?: string;
  children: ReactNode;
}

export function ClaimLayout({ step, title, subtitle, children }: ClaimLayoutProps) {
  const steps = visibleSteps(step);
  const current = steps.findIndex((item) => item.step === step);
  return (
    <View className="claim-layout">
      <PageHeader title={CLAIM_TITLE} />
      <View className="claim-layout__steps" data-testid="claim-steps">
        {steps.map((item, index) => (
          <View
            key={item.step}
            className={`claim-layout__step${index <= current ? ' claim-layout__step--on' : ''}`}
            data-testid={`claim-step-${item.step}`}
            data-state={index < current ? 'done' : index === current ? 'current' : 'todo'}
          >
            <View className="claim-layout__dot">
              <Text>{index + 1}</Text>
            </View>
            <Text className="claim-layout__step-title">{item.title}</Text>
          </View>
        ))}
      </View>
      <View className="claim-layout__head">
        <Text className="claim-layout__title">{title}</Text>
        {subtitle ? <Text className="claim-layout__subtitle">{subtitle}</Text> : null}
      </View>
      <View className="claim-layout__body">{children}</View>
    </View>
  );
}

export interface ClaimStoppedProps {
  step: ClaimStep;
  title: string;
  heading: string;
  message: string;
  /** A fact the person can check, under the message (e.g. which phone number is meant). */
  detail?: string;
  /** A way forward, above 返回首页 (e.g. 更换预留手机号 for a stopped phone). */
  action?: { label: string; testId: string; onClick: () => void };
}

/** A claim that cannot go on from this step: why, and the way back to the home page. */
export function ClaimStopped(props: ClaimStoppedProps) {
  return (
    <ClaimLayout step={props.step} title={props.title}>
      <ResultPanel title={props.heading} message={props.message} testId="claim-refusal">
        {props.detail ? (
          <Text className="claim-layout__detail" data-testid="claim-refusal-detail">
            {props.detail}
          </Text>
        ) : null}
        {props.action ? (
          <PrimaryButton testId={props.action.testId} onClick={props.action.onClick}>
            {props.action.label}
          </PrimaryButton>
        ) : null}
        <PrimaryButton
          plain={Boolean(props.action)}
          testId="claim-home"
          onClick={() => void Taro.reLaunch({ url: HOME_TAB })}
        >
          返回首页
        </PrimaryButton>
      </ResultPanel>
    </ClaimLayout>
  );
}
