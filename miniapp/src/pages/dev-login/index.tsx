// H5 only (registered for the H5 build alone): the dev login. Lists the BFF's seeded
// personas and the platform to act on (微信 or 支付宝: the session is then that platform's,
// with its face check and pushes); tapping a persona signs in as that person, then goes on
// to the claim flow when that is where the user was heading, or back to the page that asked.
// The BFF offers this only when its DEV_LOGIN is on.
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { maskIdNumber, maskName, type DevLoginPlatform } from '@ybm/shared';
import { useEffect, useState } from 'react';

import { NoticeBar } from '../../components/notice-bar';
import { PageHeader } from '../../components/page-header';
import { ResultPanel } from '../../components/result-panel';
import { call, showApiError, signOut, toApiError, type ApiError } from '../../services/api';
import { goBack, HOME_TAB } from '../../services/back';
import { CONSENT_PAGE, forgetClaim } from '../../services/claim';
import { devPersona, H5_NEEDS_DEV_LOGIN, signInAsPersona } from '../../services/session';
import { withLargeText } from '../../components/large-text-root';
import './index.scss';

interface Persona {
  key: string;
  label: string;
  name: string;
  docType: string;
  docNumber: string;
  note: string;
}

const PLATFORMS: { platform: DevLoginPlatform; label: string }[] = [
  { platform: 'h5', label: '微信' },
  { platform: 'alipay', label: '支付宝' },
];

type Load =
  { status: 'loading' } | { status: 'ready'; personas: Persona[] } | { status: 'failed'; error: ApiError };

function DevLoginPage() {
  const { params } = useRouter();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [busyKey, setBusyKey] = useState<string>();
  const [platform, setPlatform] = useState<DevLoginPlatform>(() =>
    devPersona()?.platform === 'alipay' ? 'alipay' : 'h5',
  );

  useEffect(() => {
    call('devPersonas').then(
      ({ personas }) => setLoad({ status: 'ready', personas }),
      (error: unknown) => setLoad({ status: 'failed', error: toApiError(error) }),
    );
  }, []);

  const choose = async (persona: Persona) => {
    if (busyKey) return;
    setBusyKey(persona.key);
    try {
      await signOut();
      await signInAsPersona({
        key: persona.key,
        name: persona.name,
        docType: persona.docType,
        docNumber: persona.docNumber,
        platform,
      });
      forgetClaim();
      if (params.next === 'claim') await Taro.redirectTo({ url: CONSENT_PAGE });
      // Back to the page that asked for a sign-in (it reloads as it shows again).
      else if (params.next === 'back') goBack();
      else await Taro.switchTab({ url: HOME_TAB });
    } catch (error) {
      showApiError(error);
    } finally {
      setBusyKey(undefined);
    }
  };

  return (
    <View className="dev-login">
      <PageHeader title="演示登录" />
      <NoticeBar tone="warning">开发环境 · 演示登录</NoticeBar>
      <Text className="dev-login__intro" data-testid="dev-login-banner">
        选择一位演示参保人登录。仅用于开发与测试，正式环境不提供。
      </Text>

      <View className="dev-login__platforms" data-testid="dev-platforms">
        <Text className="dev-login__platforms-title">登录平台</Text>
        {PLATFORMS.map((choice) => (
          <View
            key={choice.platform}
            className={`dev-login__platform${platform === choice.platform ? ' dev-login__platform--on' : ''}`}
            data-testid={`dev-platform-${choice.platform}`}
            data-selected={platform === choice.platform ? 'true' : 'false'}
            aria-pressed={platform === choice.platform}
            onClick={() => {
              if (!busyKey) setPlatform(choice.platform);
            }}
          >
            {choice.label}
          </View>
        ))}
      </View>

      {load.status === 'loading' ? <Text className="dev-login__intro">正在加载演示参保人…</Text> : null}
      {load.status === 'failed' ? (
        <ResultPanel
          tone="warning"
          title={load.error.message}
          message={load.error.code === 'DEV_LOGIN_DISABLED' ? H5_NEEDS_DEV_LOGIN : '请稍后重试'}
          testId="dev-login-error"
        />
      ) : null}
      {load.status === 'ready'
        ? load.personas.map((persona) => (
            <View
              key={persona.key}
              className={`dev-login__persona${busyKey === persona.key ? ' dev-login__persona--busy' : ''}`}
              data-testid={`persona-${persona.key}`}
              data-persona={persona.key}
              onClick={() => void choose(persona)}
            >
              <Text className="dev-login__label">{persona.label}</Text>
              <Text className="dev-login__who">
                {maskName(persona.name)} · {maskIdNumber(persona.docNumber)}
              </Text>
              {persona.label.includes(persona.note) ? null : (
                <Text className="dev-login__note">{persona.note}</Text>
              )}
            </View>
          ))
        : null}
    </View>
  );
}

export default withLargeText(DevLoginPage);
