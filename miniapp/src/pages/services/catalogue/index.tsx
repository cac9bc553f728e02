// 医保目录: drugs, services and materials by name (one or two characters are enough), by code or
// by pinyin initials (amxl finds 阿莫西林); each with 甲/乙/丙 and the share the person pays first,
// a price limit and a restriction where there is one. A tap opens 我要付多少 for that item.
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CATALOGUE_CLASS_NAMES, formatYuan, type CatalogueItemView } from '@ybm/shared';
import { useCallback, useRef, useState } from 'react';

import { NoticeBar } from '../../../components/notice-bar';
import { PageHeader } from '../../../components/page-header';
import { PrimaryButton } from '../../../components/primary-button';
import { ResultPanel } from '../../../components/result-panel';
import { SignInPrompt } from '../../../components/sign-in-prompt';
import { call, toApiError, type ApiError } from '../../../services/api';
import { estimateUrl, percent } from '../../../services/directory';
import { withLargeText } from '../../../components/large-text-root';
import './index.scss';

interface Results {
  q: string;
  items: CatalogueItemView[];
  page: number;
  hasMore: boolean;
  loading: boolean;
  error?: ApiError;
}

/** What the class means for the person, in a few words. */
export function shareWords(item: CatalogueItemView): string {
  if (item.class === 'A') return '全部纳入报销';
  if (item.class === 'C') return '全部自费';
  return `先自付 ${percent(item.selfPayShareBp)}`;
}

function ItemRow({ item }: { item: CatalogueItemView }) {
  return (
    <View
      className="svc-item"
      role="link"
      data-testid="catalogue-item"
      data-code={item.code}
      onClick={() => void Taro.navigateTo({ url: estimateUrl(item.code) })}
    >
      <View className="svc-item__head">
        <Text className="svc-item__name">{item.name}</Text>
        <Text className={`svc-tag svc-tag--${item.class.toLowerCase()}`} data-testid="catalogue-class">
          {CATALOGUE_CLASS_NAMES[item.class]}
        </Text>
      </View>
      <View className="svc-item__meta">
        {item.spec ? <Text>{item.spec}</Text> : null}
        <Text data-testid="catalogue-share">{shareWords(item)}</Text>
        {item.priceLimitFen !== undefined ? <Text>限价 {formatYuan(item.priceLimitFen)}</Text> : null}
      </View>
      {item.restriction ? <Text className="svc__line">限定支付：{item.restriction}</Text> : null}
      <Text className="svc__line">编码 {item.code} · 点击估算我要付多少 ›</Text>
    </View>
  );
}

function CataloguePage() {
  const [draft, setDraft] = useState('');
  const [results, setResults] = useState<Results | null>(null);
  const generation = useRef(0);

  const search = useCallback((q: string, page: number) => {
    const text = q.trim();
    if (!text) return;
    const mine = ++generation.current;
    setResults((previous) => ({
      q: text,
      items: page === 1 || !previous ? [] : previous.items,
      page: previous?.page ?? 0,
      hasMore: previous?.hasMore ?? false,
      loading: true,
    }));
    call('catalogue', { query: { q: text, page, pageSize: 20 } }).then(
      (found) => {
        if (mine !== generation.current) return;
        setResults((previous) => ({
          q: text,
          items: page === 1 ? found.items : [...(previous?.items ?? []), ...found.items],
          page: found.page,
          hasMore: found.hasMore,
          loading: false,
        }));
      },
      (error: unknown) => {
        if (mine !== generation.current) return;
        setResults((previous) => ({
          q: text,
          items: previous?.items ?? [],
          page: previous?.page ?? 0,
          hasMore: previous?.hasMore ?? false,
          loading: false,
          error: toApiError(error),
        }));
      },
    );
  }, []);

  let content;
  if (!results) {
    content = (
      <View className="svc__state" data-testid="catalogue-start">
        <Text>输入药品、诊疗项目的名称、编码或拼音首字母</Text>
        <Text className="svc__hint">例如：阿莫西林、西林、amxl</Text>
      </View>
    );
  } else if (results.error?.code === 'UNAUTHENTICATED' && results.items.length === 0) {
    content = <SignInPrompt message="登录后查询医保目录" onSignedIn={() => search(results.q, 1)} />;
  } else if (results.error && results.items.length === 0) {
    content = (
      <ResultPanel title="医保目录查询失败" message={results.error.message} testId="catalogue-error">
        <PrimaryButton testId="catalogue-retry" onClick={() => search(results.q, 1)}>
          重试
        </PrimaryButton>
      </ResultPanel>
    );
  } else if (results.loading && results.items.length === 0) {
    content = (
      <View className="svc__state" data-testid="catalogue-loading">
        <Text>查询中…</Text>
      </View>
    );
  } else if (results.items.length === 0) {
    content = (
      <View className="svc__state" data-testid="catalogue-empty">
        <Text>没有找到“{results.q}”</Text>
        <Text className="svc__hint">不在医保目录中的药品和项目需全部自费；可以换个名称或拼音首字母再试</Text>
      </View>
    );
  } else {
    content = (
      <View data-testid="catalogue-list">
        {results.items.map((item) => (
          <ItemRow key={item.code} item={item} />
        ))}
        {results.error ? <NoticeBar tone="error">{results.error.message}</NoticeBar> : null}
        {results.hasMore ? (
          <View className="svc__more">
            <PrimaryButton
              plain
              busy={results.loading}
              testId="catalogue-more"
              onClick={() => search(results.q, results.page + 1)}
            >
              {results.loading ? '加载中…' : '加载更多'}
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
      <PageHeader title="医保目录" />
      <Text className="svc__intro">甲类全部纳入报销；乙类先自付一定比例，其余纳入报销；丙类全部自费。</Text>
      <View className="svc-search">
        <Input
          className="svc-search__input"
          value={draft}
          placeholder="名称、编码或拼音首字母"
          maxlength={40}
          confirmType="search"
          data-testid="catalogue-search"
          onInput={(event) => setDraft(event.detail.value)}
          onConfirm={() => search(draft, 1)}
        />
        <View
          className="svc-search__button"
          role="button"
          data-testid="catalogue-search-go"
          onClick={() => search(draft, 1)}
        >
          搜索
        </View>
      </View>
      {content}
    </View>
  );
}

export default withLargeText(CataloguePage);
