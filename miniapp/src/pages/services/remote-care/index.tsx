// 异地就医备案: the person's filings (region, reason, period, 已备案 / 已到期 / 已撤销) with 撤销 on
// a live one, and a form to file — the care region, one of the six national reasons, from when
// and (optionally) until when. The platform checks regions, dates and overlaps and says why it
// refuses; settlements in the care region are then paid at the filed ratio.
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { REMOTE_CARE_REASON_NAMES, type RemoteCareFilingView, type RemoteCareReasonKey } from '@ybm/shared';
import { useCallback, useEffect, useState } from 'react';

import { ClaimFirst } from '../../../components/claim-first';
import { InlineError } from '../../../components/inline-error';
import { PageHeader } from '../../../components/page-header';
import { PrimaryButton } from '../../../components/primary-button';
import { ResultPanel } from '../../../components/result-panel';
import { SignInPrompt } from '../../../components/sign-in-prompt';
import { call, toApiError, type ApiError } from '../../../services/api';
import { chinaToday } from '../../../services/directory';
import { withLargeText } from '../../../components/large-text-root';
import './index.scss';

type Load =
  | { status: 'loading' }
  | { status: 'ready'; filings: RemoteCareFilingView[] }
  | { status: 'failed'; error: ApiError };

const REASONS = Object.entries(REMOTE_CARE_REASON_NAMES) as [RemoteCareReasonKey, string][];

function FilingCard({ filing, onCancel }: { filing: RemoteCareFilingView; onCancel: () => void }) {
  const live = filing.status === 'filed' && filing.statusName === '已备案';
  return (
    <View className="svc-item" data-testid="remote-care-filing" data-status={filing.status}>
      <View className="svc-item__head">
        <Text className="svc-item__name">
          {filing.insuredRegionName} → {filing.careRegionName}
        </Text>
        <Text className={`svc-tag ${live ? 'svc-tag--ec' : 'svc-tag--no'}`} data-testid="remote-care-status">
          {filing.statusName}
        </Text>
      </View>
      <Text className="svc__line">{filing.reasonName}</Text>
      <Text className="svc__line">
        {filing.beginDate} 至 {filing.endDate ?? '长期'}
      </Text>
      {live ? (
        <View className="svc__more">
          <PrimaryButton plain testId="remote-care-cancel" onClick={onCancel}>
            撤销备案
          </PrimaryButton>
        </View>
      ) : null}
    </View>
  );
}

function RemoteCarePage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([]);
  const [careRegion, setCareRegion] = useState('');
  const [reason, setReason] = useState<RemoteCareReasonKey | ''>('');
  const [beginDate, setBeginDate] = useState(chinaToday());
  const [endDate, setEndDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string>();

  const reload = useCallback(() => {
    setLoad({ status: 'loading' });
    call('remoteCareList').then(
      ({ filings }) => setLoad({ status: 'ready', filings }),
      (error: unknown) => setLoad({ status: 'failed', error: toApiError(error) }),
    );
  }, []);
  useEffect(reload, [reload]);
  useEffect(() => {
    call('regions').then(
      (found) => setRegions(found.regions),
      () => setRegions([]),
    );
  }, []);

  const submit = async () => {
    if (!careRegion) return setFormError('请选择就医地');
    if (!reason) return setFormError('请选择备案原因');
    setFormError(undefined);
    setBusy(true);
    try {
      await call('remoteCareFile', {
        body: {
          careRegionCode: careRegion,
          reason,
          beginDate: beginDate.trim(),
          ...(endDate.trim() ? { endDate: endDate.trim() } : {}),
        },
      });
      void Taro.showToast({ title: '备案成功', icon: 'success' });
      setCareRegion('');
      setReason('');
      setEndDate('');
      reload();
    } catch (error) {
      setFormError(toApiError(error).message);
    } finally {
      setBusy(false);
    }
  };

  const cancel = async (filing: RemoteCareFilingView) => {
    const { confirm } = await Taro.showModal({
      title: '撤销异地就医备案',
      content: `撤销后，在${filing.careRegionName}就医将按未备案处理，确定撤销吗？`,
      confirmText: '撤销',
      cancelText: '不撤销',
    });
    if (!confirm) return;
    try {
      await call('remoteCareCancel', { params: { filingId: filing.filingId } });
      void Taro.showToast({ title: '已撤销', icon: 'success' });
    } catch (error) {
      void Taro.showToast({ title: toApiError(error).message, icon: 'none' });
    }
    reload();
  };

  let list;
  if (load.status === 'loading') {
    list = (
      <View className="svc__state" data-testid="remote-care-loading">
        <Text>加载中…</Text>
      </View>
    );
  } else if (load.status === 'failed' && load.error.code === 'UNAUTHENTICATED') {
    return (
      <View className="svc">
        <PageHeader title="异地就医备案" />
        <SignInPrompt message="登录后办理异地就医备案" onSignedIn={reload} />
      </View>
    );
  } else if (load.status === 'failed' && load.error.code === 'VOUCHER_NOT_ACTIVATED') {
    return (
      <View className="svc">
        <PageHeader title="异地就医备案" />
        <ClaimFirst message="领取医保码后，可在线办理异地就医备案" />
      </View>
    );
  } else if (load.status === 'failed') {
    list = (
      <ResultPanel title="备案记录加载失败" message={load.error.message} testId="remote-care-error">
        <PrimaryButton testId="remote-care-retry" onClick={reload}>
          重试
        </PrimaryButton>
      </ResultPanel>
    );
  } else if (load.filings.length === 0) {
    list = (
      <View className="svc__state" data-testid="remote-care-empty">
        <Text>暂无异地就医备案</Text>
        <Text className="svc__hint">未备案在外地就医，报销比例会降低，部分地区不能直接结算</Text>
      </View>
    );
  } else {
    list = (
      <View data-testid="remote-care-list">
        {load.filings.map((filing) => (
          <FilingCard key={filing.filingId} filing={filing} onCancel={() => void cancel(filing)} />
        ))}
      </View>
    );
  }

  return (
    <View className="svc">
      <PageHeader title="异地就医备案" />
      <Text className="svc__intro">
        在参保地以外就医前办理备案，在就医地定点机构出示医保码即可直接结算，按备案待遇报销。
      </Text>
      <Text className="svc__section">我的备案</Text>
      {list}
      <Text className="svc__section">办理备案</Text>
      <View className="svc__card" data-testid="remote-care-form">
        <View className="svc-field">
          <Text className="svc-field__label">就医地</Text>
          <View className="svc-chips">
            {regions.map((region) => (
              <View
                key={region.code}
                className={`svc-chip${careRegion === region.code ? ' svc-chip--on' : ''}`}
                role="button"
                data-testid={`remote-care-region-${region.code}`}
                onClick={() => setCareRegion(region.code)}
              >
                {region.name}
              </View>
            ))}
          </View>
        </View>
        <View className="svc-field">
          <Text className="svc-field__label">备案原因</Text>
          <View className="svc-chips">
            {REASONS.map(([key, name]) => (
              <View
                key={key}
                className={`svc-chip${reason === key ? ' svc-chip--on' : ''}`}
                role="button"
                data-testid={`remote-care-reason-${key}`}
                onClick={() => setReason(key)}
              >
                {name}
              </View>
            ))}
          </View>
        </View>
        <View className="svc-field">
          <Text className="svc-field__label">开始日期（年-月-日）</Text>
          <Input
            className="svc-field__input"
            value={beginDate}
            maxlength={10}
            data-testid="remote-care-begin"
            onInput={(event) => setBeginDate(event.detail.value)}
          />
        </View>
        <View className="svc-field">
          <Text className="svc-field__label">结束日期（选填，不填为长期）</Text>
          <Input
            className="svc-field__input"
            value={endDate}
            placeholder="例如 2027-06-30"
            maxlength={10}
            data-testid="remote-care-end"
            onInput={(event) => setEndDate(event.detail.value)}
          />
        </View>
        <InlineError message={formError} testId="remote-care-form-error" />
      </View>
      <View className="svc__actions">
        <PrimaryButton busy={busy} testId="remote-care-submit" onClick={() => void submit()}>
          {busy ? '提交中…' : '提交备案'}
        </PrimaryButton>
      </View>
    </View>
  );
}

export default withLargeText(RemoteCarePage);
