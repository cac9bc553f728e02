// 我要付多少 (index?code=…): what this person would pay for a catalogue item today — the
// platform's own estimate by the rules a settlement applies, at their year-to-date spending and
// insurance type, at a pharmacy of their region or at an institution they pick (its level and
// region count). Shows who pays what (统筹, 个人账户, 现金) and why, line by line.
import { Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { formatYuan, type Estimate, type InstitutionView } from '@ybm/shared';
import { useCallback, useEffect, useRef, useState } from 'react';

import { ClaimFirst } from '../../../components/claim-first';
import { PageHeader } from '../../../components/page-header';
import { PrimaryButton } from '../../../components/primary-button';
import { ResultPanel } from '../../../components/result-panel';
import { SignInPrompt } from '../../../components/sign-in-prompt';
import { call, toApiError, type ApiError } from '../../../services/api';
import { CATALOGUE_PAGE } from '../../../services/directory';
import { withLargeText } from '../../../components/large-text-root';
import './index.scss';

type Load =
  { status: 'loading' } | { status: 'ready'; estimate: Estimate } | { status: 'failed'; error: ApiError };

const QTY_CHOICES = [1, 2, 3, 5, 10];

function EstimatePage() {
  const code = useRouter().params.code ?? '';
  const [qty, setQty] = useState(1);
  const [priceYuan, setPriceYuan] = useState('');
  const [institution, setInstitution] = useState<InstitutionView | null>(null);
  const [nearby, setNearby] = useState<InstitutionView[]>([]);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const generation = useRef(0);

  const priceFen = /^\d{1,7}(\.\d{1,2})?$/.test(priceYuan.trim())
    ? Math.round(Number(priceYuan) * 100)
    : undefined;

  const reload = useCallback(() => {
    const mine = ++generation.current;
    setLoad({ status: 'loading' });
    call('estimate', {
      params: { code },
      query: {
        qty,
        ...(priceFen ? { priceFen } : {}),
        ...(institution ? { institution: institution.code } : {}),
      },
    }).then(
      (estimate) => mine === generation.current && setLoad({ status: 'ready', estimate }),
      (error: unknown) =>
        mine === generation.current && setLoad({ status: 'failed', error: toApiError(error) }),
    );
  }, [code, qty, priceFen, institution]);
  useEffect(reload, [reload]);

  // A few institutions of the person's region to estimate at (the list page has them all).
  useEffect(() => {
    call('institutions', { query: { pageSize: 6 } }).then(
      (found) => setNearby(found.items),
      () => setNearby([]),
    );
  }, []);

  let result;
  if (load.status === 'loading') {
    result = (
      <View className="svc__state" data-testid="estimate-loading">
        <Text>正在按您的参保信息估算…</Text>
      </View>
    );
  } else if (load.status === 'failed' && load.error.code === 'UNAUTHENTICATED') {
    result = <SignInPrompt message="登录后估算您要付多少" onSignedIn={reload} />;
  } else if (load.status === 'failed' && load.error.code === 'VOUCHER_NOT_ACTIVATED') {
    result = <ClaimFirst message="领取医保码后，可按您的参保信息估算要付多少" />;
  } else if (load.status === 'failed') {
    result = (
      <ResultPanel title="暂时无法估算" message={load.error.message} testId="estimate-error">
        <PrimaryButton testId="estimate-retry" onClick={reload}>
          重试
        </PrimaryButton>
      </ResultPanel>
    );
  } else {
    const { estimate } = load;
    result = (
      <View data-testid="estimate-result">
        <View className="svc__card">
          <Text className="svc__title">{estimate.name}</Text>
          <Text className="svc__line">
            {estimate.institutionName ? `在${estimate.institutionName}` : '在参保地定点药店'} · 共{' '}
            {formatYuan(estimate.totalFen)}
          </Text>
          <View className="svc-row">
            <Text className="svc-row__label">医保统筹支付</Text>
            <Text className="svc-row__value" data-testid="estimate-fund">
              {formatYuan(estimate.fundFen)}
            </Text>
          </View>
          <View className="svc-row">
            <Text className="svc-row__label">个人账户支付</Text>
            <Text className="svc-row__value" data-testid="estimate-account">
              {formatYuan(estimate.accountFen)}
            </Text>
          </View>
          <View className="svc-row">
            <Text className="svc-row__label">还需您现金支付</Text>
            <Text className="svc-row__value svc-row__value--strong" data-testid="estimate-cash">
              {formatYuan(estimate.cashFen)}
            </Text>
          </View>
        </View>
        <Text className="svc__section">为什么是这些</Text>
        <View className="svc__card" data-testid="estimate-explanation">
          {estimate.explanation.map((line) => (
            <Text key={line} className="svc__line">
              · {line}
            </Text>
          ))}
        </View>
      </View>
    );
  }

  return (
    <View className="svc">
      <PageHeader title="我要付多少" fallback={CATALOGUE_PAGE} />
      <Text className="svc__section">数量</Text>
      <View className="svc-chips">
        {QTY_CHOICES.map((choice) => (
          <View
            key={choice}
            className={`svc-chip${qty === choice ? ' svc-chip--on' : ''}`}
            role="button"
            data-testid={`estimate-qty-${choice}`}
            onClick={() => setQty(choice)}
          >
            {choice}
          </View>
        ))}
      </View>
      <View className="svc__card">
        <View className="svc-field">
          <Text className="svc-field__label">单价（元，选填；不填按参考价）</Text>
          <Input
            className="svc-field__input"
            type="digit"
            value={priceYuan}
            placeholder="例如 12.50"
            maxlength={10}
            data-testid="estimate-price"
            onInput={(event) => setPriceYuan(event.detail.value)}
          />
        </View>
      </View>
      <Text className="svc__section">在哪里购药就医</Text>
      <View className="svc-chips">
        <View
          className={`svc-chip${institution ? '' : ' svc-chip--on'}`}
          role="button"
          data-testid="estimate-at-any"
          onClick={() => setInstitution(null)}
        >
          参保地药店
        </View>
        {nearby.map((item) => (
          <View
            key={item.code}
            className={`svc-chip${institution?.code === item.code ? ' svc-chip--on' : ''}`}
            role="button"
            data-testid={`estimate-at-${item.code}`}
            onClick={() => setInstitution(item)}
          >
            {item.name}
          </View>
        ))}
      </View>
      {result}
    </View>
  );
}

export default withLargeText(EstimatePage);
