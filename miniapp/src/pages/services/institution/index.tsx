// One 定点机构 (index?code=…): name, kind and level, whether it takes 医保码, address and phone;
// 查看地图 opens the platform's map at its place (Taro.openLocation) and 拨打电话 dials. Where
// the build has no map (a plain browser), the page says so and shows the address to go by.
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { InstitutionView } from '@ybm/shared';
import { useCallback, useEffect, useState } from 'react';

import { NoticeBar } from '../../../components/notice-bar';
import { PageHeader } from '../../../components/page-header';
import { PrimaryButton } from '../../../components/primary-button';
import { ResultPanel } from '../../../components/result-panel';
import { SignInPrompt } from '../../../components/sign-in-prompt';
import { call, toApiError, type ApiError } from '../../../services/api';
import { INSTITUTIONS_PAGE } from '../../../services/directory';
import { withLargeText } from '../../../components/large-text-root';
import './index.scss';

type Load =
  { status: 'loading' } | { status: 'ready'; item: InstitutionView } | { status: 'failed'; error: ApiError };

function InstitutionPage() {
  const code = useRouter().params.code ?? '';
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [noMap, setNoMap] = useState(false);

  const reload = useCallback(() => {
    setLoad({ status: 'loading' });
    call('institution', { params: { code } }).then(
      (item) => setLoad({ status: 'ready', item }),
      (error: unknown) => setLoad({ status: 'failed', error: toApiError(error) }),
    );
  }, [code]);
  useEffect(reload, [reload]);

  const openMap = (item: InstitutionView) => {
    // Taro's H5 build answers "success" with a not-supported errMsg outside WeChat's JS-SDK: only
    // "openLocation:ok" means a map opened.
    Taro.openLocation({
      latitude: item.lat,
      longitude: item.lng,
      name: item.name,
      address: item.address,
      scale: 16,
    }).then(
      (result) => setNoMap(!/:ok$/.test(result.errMsg)),
      () => setNoMap(true),
    );
  };

  let content;
  if (load.status === 'loading') {
    content = (
      <View className="svc__state" data-testid="institution-loading">
        <Text>加载中…</Text>
      </View>
    );
  } else if (load.status === 'failed' && load.error.code === 'UNAUTHENTICATED') {
    content = <SignInPrompt message="登录后查看定点机构" onSignedIn={reload} />;
  } else if (load.status === 'failed') {
    content = (
      <ResultPanel title="机构信息加载失败" message={load.error.message} testId="institution-error">
        <PrimaryButton testId="institution-retry" onClick={reload}>
          重试
        </PrimaryButton>
      </ResultPanel>
    );
  } else {
    const { item } = load;
    content = (
      <View data-testid="institution-detail">
        <View className="svc__card">
          <Text className="svc__title" data-testid="institution-name">
            {item.name}
          </Text>
          <View className="svc-item__meta">
            <Text>
              {item.kindName}
              {item.level ? ` · ${item.level}` : ''} · {item.regionName}
            </Text>
            <Text
              className={`svc-tag ${item.supportsEc ? 'svc-tag--ec' : 'svc-tag--no'}`}
              data-testid="institution-ec"
            >
              {item.supportsEc ? '支持医保码' : '暂不支持医保码'}
            </Text>
          </View>
          <Text className="svc__line">
            {item.supportsEc
              ? '在收银台出示医保码即可医保结算。'
              : '该机构暂不支持医保码，请携带社会保障卡或身份证就医购药。'}
          </Text>
        </View>
        <View className="svc__card">
          <View className="svc-row">
            <Text className="svc-row__label">地址</Text>
            <Text className="svc-row__value" data-testid="institution-address">
              {item.address}
            </Text>
          </View>
          <View className="svc-row">
            <Text className="svc-row__label">电话</Text>
            <Text className="svc-row__value" data-testid="institution-phone">
              {item.phone ?? '暂无'}
            </Text>
          </View>
        </View>
        {noMap ? (
          <NoticeBar tone="warning">
            当前环境无法打开地图，请按上面的地址前往（坐标 {item.lat}，{item.lng}）
          </NoticeBar>
        ) : null}
        <View className="svc__actions">
          <PrimaryButton testId="institution-map" onClick={() => openMap(item)}>
            查看地图 · 导航
          </PrimaryButton>
          {item.phone ? (
            <PrimaryButton
              plain
              testId="institution-call"
              onClick={() =>
                void Taro.makePhoneCall({ phoneNumber: item.phone ?? '' }).catch(() => undefined)
              }
            >
              拨打电话 {item.phone}
            </PrimaryButton>
          ) : null}
        </View>
      </View>
    );
  }

  return (
    <View className="svc">
      <PageHeader title="机构详情" fallback={INSTITUTIONS_PAGE} />
      {content}
    </View>
  );
}

export default withLargeText(InstitutionPage);
