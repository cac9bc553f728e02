// 我的 → 授权管理: what this platform account agreed to (GET /api/v1/me/consents) — each
// consent with its time, platform and whether the claim it was given for finished, and the
// documents at the versions agreed, each opening its page. Loading, empty, error and
// signed-out states; 返回 goes to 我的 when opened on its own.
import { Text, View } from '@tarojs/components';
import type { ConsentRecord } from '@ybm/shared';
import { useCallback, useEffect, useState } from 'react';

import { PageHeader } from '../../../components/page-header';
import { PrimaryButton } from '../../../components/primary-button';
import { ResultPanel } from '../../../components/result-panel';
import { SignInPrompt } from '../../../components/sign-in-prompt';
import { openAgreement } from '../../../services/agreements';
import { call, toApiError, type ApiError } from '../../../services/api';
import { consentActs, PLATFORM_NAMES, type ConsentAct } from '../../../services/consents';
import { formatBeijingTime } from '../../../services/settlements';
import { withLargeText } from '../../../components/large-text-root';
import './index.scss';

const MINE_TAB = '/pages/mine/index';

type Load =
  | { status: 'loading' }
  | { status: 'ready'; consents: ConsentRecord[] }
  | { status: 'failed'; error: ApiError };

function ConsentCard({ act, index }: { act: ConsentAct; index: number }) {
  return (
    <View className="consents__card" data-testid={`consent-act-${index}`}>
      <View className="consents__card-head">
        <Text className="consents__when" data-testid="consent-when">
          {formatBeijingTime(act.agreedAt)} · {PLATFORM_NAMES[act.platform]}
        </Text>
        <Text className="consents__status" data-testid="consent-status">
          {act.boundAt
            ? `已用于领取医保码（${formatBeijingTime(act.boundAt)} 绑定本账号）`
            : '该次领取未完成，未绑定医保码'}
        </Text>
      </View>
      {act.documents.map((document) => (
        <View
          key={document.key}
          className="consents__document"
          role="link"
          data-testid={`consent-document-${document.key}`}
          onClick={() => openAgreement(document.key)}
        >
          <Text className="consents__document-title">《{document.title}》</Text>
          <Text className="consents__document-version">版本 {document.version} ›</Text>
        </View>
      ))}
    </View>
  );
}

function ConsentsPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const reload = useCallback(() => {
    setLoad({ status: 'loading' });
    call('consents').then(
      ({ consents }) => setLoad({ status: 'ready', consents }),
      (error: unknown) => setLoad({ status: 'failed', error: toApiError(error) }),
    );
  }, []);
  useEffect(reload, [reload]);

  let content;
  if (load.status === 'loading') {
    content = (
      <View className="consents__state" data-testid="consents-loading">
        <Text>加载中…</Text>
      </View>
    );
  } else if (load.status === 'failed' && load.error.code === 'UNAUTHENTICATED') {
    content = <SignInPrompt message="登录后查看您在本账号上同意过的协议和授权" onSignedIn={reload} />;
  } else if (load.status === 'failed') {
    content = (
      <ResultPanel title="授权记录加载失败" message={load.error.message} testId="consents-error">
        <PrimaryButton testId="consents-retry" onClick={reload}>
          重试
        </PrimaryButton>
      </ResultPanel>
    );
  } else if (load.consents.length === 0) {
    content = (
      <View className="consents__state" data-testid="consents-empty">
        <Text>暂无授权记录</Text>
        <Text className="consents__hint">领取医保码时同意的协议和授权会显示在这里</Text>
      </View>
    );
  } else {
    content = (
      <View data-testid="consents-list">
        {consentActs(load.consents).map((act, index) => (
          <ConsentCard key={`${act.agreedAt}-${act.platform}`} act={act} index={index} />
        ))}
      </View>
    );
  }

  return (
    <View className="consents">
      <PageHeader title="授权管理" fallback={MINE_TAB} />
      <Text className="consents__intro">
        这里是您在本账号上同意过的协议和授权。领取医保码时需同意用户服务协议和隐私政策，并单独同意处理您的证件号码、人脸信息（仅核验结果）、手机号码、医疗健康信息和医保账户信息。点击协议名称可查看全文。
      </Text>
      {content}
      <Text className="consents__note">
        在线撤回授权、解除绑定的功能正在建设中，在此之前可联系参保地医保经办机构办理，或拨打12393医保服务热线。
      </Text>
    </View>
  );
}

export default withLargeText(ConsentsPage);
