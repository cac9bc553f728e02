// 定点机构: designated hospitals, pharmacies and clinics of the person's own region (or all
// regions before a voucher is claimed), by kind, name and whether they take 医保码; nearest first
// with the distance when the phone shares its position, in the usual order without it. A tap
// opens the institution (map, phone). Loading, empty, error and signed-out states.
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { InstitutionKind, InstitutionView } from '@ybm/shared';
import { useCallback, useEffect, useRef, useState } from 'react';

import { NoticeBar } from '../../../components/notice-bar';
import { PageHeader } from '../../../components/page-header';
import { PrimaryButton } from '../../../components/primary-button';
import { ResultPanel } from '../../../components/result-panel';
import { SignInPrompt } from '../../../components/sign-in-prompt';
import { ToggleSwitch } from '../../../components/toggle-switch';
import { call, toApiError, type ApiError } from '../../../services/api';
import { currentPosition, formatDistance, institutionUrl, type Position } from '../../../services/directory';
import { withLargeText } from '../../../components/large-text-root';
import './index.scss';

const KINDS: { key: InstitutionKind | 'all'; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'hospital', label: '医院' },
  { key: 'pharmacy', label: '药店' },
  { key: 'clinic', label: '基层医疗机构' },
];

interface Filters {
  kind: InstitutionKind | 'all';
  ecOnly: boolean;
  q: string;
}

interface ListState {
  items: InstitutionView[];
  page: number;
  hasMore: boolean;
  region?: { code: string; name: string };
  loaded: boolean;
  loading: boolean;
  error?: ApiError;
}

function InstitutionRow({ item }: { item: InstitutionView }) {
  return (
    <View
      className="svc-item"
      role="link"
      data-testid="institution-item"
      data-code={item.code}
      onClick={() => void Taro.navigateTo({ url: institutionUrl(item.code) })}
    >
      <View className="svc-item__head">
        <Text className="svc-item__name">{item.name}</Text>
        {item.distanceM !== undefined ? (
          <Text className="svc-item__side" data-testid="institution-distance">
            {formatDistance(item.distanceM)}
          </Text>
        ) : null}
      </View>
      <View className="svc-item__meta">
        <Text>
          {item.kindName}
          {item.level ? ` · ${item.level}` : ''}
        </Text>
        <Text className={`svc-tag ${item.supportsEc ? 'svc-tag--ec' : 'svc-tag--no'}`}>
          {item.supportsEc ? '支持医保码' : '暂不支持医保码'}
        </Text>
      </View>
      <Text className="svc__line">{item.address}</Text>
    </View>
  );
}

function InstitutionsPage() {
  const [filters, setFilters] = useState<Filters>({ kind: 'all', ecOnly: false, q: '' });
  const [draft, setDraft] = useState('');
  const [position, setPosition] = useState<Position | null | 'asking'>('asking');
  const [list, setList] = useState<ListState>({
    items: [],
    page: 0,
    hasMore: false,
    loaded: false,
    loading: true,
  });
  const generation = useRef(0);

  const load = useCallback(
    (page: number) => {
      if (position === 'asking') return;
      const mine = ++generation.current;
      setList((previous) => ({ ...previous, loading: true, error: undefined }));
      call('institutions', {
        query: {
          page,
          pageSize: 20,
          ...(filters.kind === 'all' ? {} : { kind: filters.kind }),
          ...(filters.ecOnly ? { ec: '1' } : {}),
          ...(filters.q ? { q: filters.q } : {}),
          ...(position ? { lat: position.lat, lng: position.lng } : {}),
        },
      }).then(
        (found) => {
          if (mine !== generation.current) return;
          setList((previous) => ({
            items: page === 1 ? found.items : [...previous.items, ...found.items],
            page: found.page,
            hasMore: found.hasMore,
            ...(found.region ? { region: found.region } : {}),
            loaded: true,
            loading: false,
          }));
        },
        (error: unknown) => {
          if (mine !== generation.current) return;
          setList((previous) => ({ ...previous, loading: false, error: toApiError(error) }));
        },
      );
    },
    [filters, position],
  );

  useEffect(() => {
    void currentPosition().then(setPosition);
  }, []);
  useEffect(() => load(1), [load]);

  const retryPosition = () => {
    setPosition('asking');
    void currentPosition().then(setPosition);
  };

  let content;
  if (!list.loaded && list.error?.code === 'UNAUTHENTICATED') {
    content = <SignInPrompt message="登录后查找您身边的定点医药机构" onSignedIn={() => load(1)} />;
  } else if (!list.loaded && list.error) {
    content = (
      <ResultPanel title="定点机构加载失败" message={list.error.message} testId="institutions-error">
        <PrimaryButton testId="institutions-retry" onClick={() => load(1)}>
          重试
        </PrimaryButton>
      </ResultPanel>
    );
  } else if (!list.loaded || (list.loading && list.page === 0)) {
    content = (
      <View className="svc__state" data-testid="institutions-loading">
        <Text>{position === 'asking' ? '正在获取您的位置…' : '加载中…'}</Text>
      </View>
    );
  } else if (list.items.length === 0) {
    content = (
      <View className="svc__state" data-testid="institutions-empty">
        <Text>没有符合条件的定点机构</Text>
        <Text className="svc__hint">可以换个名称，或取消“只看支持医保码”再试</Text>
      </View>
    );
  } else {
    content = (
      <View data-testid="institutions-list">
        {list.items.map((item) => (
          <InstitutionRow key={item.code} item={item} />
        ))}
        {list.error ? <NoticeBar tone="error">{list.error.message}</NoticeBar> : null}
        {list.hasMore ? (
          <View className="svc__more">
            <PrimaryButton
              plain
              busy={list.loading}
              testId="institutions-more"
              onClick={() => load(list.page + 1)}
            >
              {list.loading ? '加载中…' : '加载更多'}
            </PrimaryButton>
          </View>
        ) : (
          <Text className="svc__end">没有更多了</Text>
        )}
      </View>
    );
  }

  return (
    <View className="svc">
      <PageHeader title="定点机构" />
      {position === null ? (
        <NoticeBar tone="info" actionText="重新定位" onAction={retryPosition}>
          未获取到您的位置，暂不按距离排序
        </NoticeBar>
      ) : null}
      <Text className="svc__intro" data-testid="institutions-region">
        {list.region ? `${list.region.name}的定点医药机构` : '全国定点医药机构'}
        {position && position !== 'asking' ? '，离您最近的在前' : ''}
      </Text>
      <View className="svc-search">
        <Input
          className="svc-search__input"
          value={draft}
          placeholder="输入机构名称"
          maxlength={40}
          confirmType="search"
          data-testid="institutions-search"
          onInput={(event) => setDraft(event.detail.value)}
          onConfirm={() => setFilters((previous) => ({ ...previous, q: draft.trim() }))}
        />
        <View
          className="svc-search__button"
          role="button"
          data-testid="institutions-search-go"
          onClick={() => setFilters((previous) => ({ ...previous, q: draft.trim() }))}
        >
          搜索
        </View>
      </View>
      <View className="svc-chips">
        {KINDS.map((kind) => (
          <View
            key={kind.key}
            className={`svc-chip${filters.kind === kind.key ? ' svc-chip--on' : ''}`}
            role="button"
            data-testid={`institutions-kind-${kind.key}`}
            onClick={() => setFilters((previous) => ({ ...previous, kind: kind.key }))}
          >
            {kind.label}
          </View>
        ))}
      </View>
      <View className="svc__card">
        <ToggleSwitch
          label="只看支持医保码的机构"
          checked={filters.ecOnly}
          testId="institutions-ec-only"
          onChange={(ecOnly) => setFilters((previous) => ({ ...previous, ecOnly }))}
        />
      </View>
      {content}
    </View>
  );
}

export default withLargeText(InstitutionsPage);
