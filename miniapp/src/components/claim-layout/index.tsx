// The frame of every claim step: where the user is among the five steps, the step's
// title and a line saying why it is asked, then the step itself.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ClaimStep } from '@ybm/shared';
import type { ReactNode } from 'react';

import { VISIBLE_STEPS } from '../../services/claim';
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
  const shown = step === 'sync' ? 'password' : step;
  const current = VISIBLE_STEPS.findIndex((item) => item.step === shown);
  return (
    <View className="claim-layout">
      <View className="claim-layout__steps">
        {VISIBLE_STEPS.map((item, index) => (
          <View
            key={item.step}
            className={`claim-layout__step${index <= current ? ' claim-layout__step--on' : ''}`}
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

/** A claim that cannot go on from this step: why, and the way back to the home page. */
export function ClaimStopped(props: { step: ClaimStep; title: string; heading: string; message: string }) {
  return (
    <ClaimLayout step={props.step} title={props.title}>
      <ResultPanel title={props.heading} message={props.message} testId="claim-refusal">
        <PrimaryButton testId="claim-home" onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
          返回首页
        </PrimaryButton>
      </ResultPanel>
    </ClaimLayout>
  );
}
