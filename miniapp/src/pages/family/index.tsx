// 亲情账户: the members this person acts for (up to five) — masked name, relation, age, the
// member's insurance, and whether the link is live or still waiting for the member's own
// consent — with 出示医保码 for a live one, 继续授权 for a pending one, 移除 for both, and
// 添加成员. An employee is told that 家庭共济 lets them pay a spouse's, parent's or child's
// bill from their own account.
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Family, FamilyMember } from '@ybm/shared';
import { useState } from 'react';

import { InlineError } from '../../components/inline-error';
import { LoadGate } from '../../components/load-gate';
import { PageHeader } from '../../components/page-header';
import { PrimaryButton } from '../../components/primary-button';
import { useLoad } from '../../hooks/use-load';
import { call, toApiError } from '../../services/api';
import { FAMILY_ADD_PAGE, familyConsentUrl, memberCodeUrl } from '../../services/family';
import { withLargeText } from '../../components/large-text-root';
import './index.scss';

function MemberCard({ member, onRemove }: { member: FamilyMember; onRemove: () => void }) {
  const live = member.linkStatus === 'active';
  return (
    <View className="family__member" data-testid="family-member">
      <View className="family__member-head">
        <Text className="family__member-name" data-testid="family-member-name">
          {member.maskedName}
        </Text>
        <Text className="family__member-relation">{member.relationName}</Text>
        <Text className={`family__badge${live ? '' : ' family__badge--pending'}`}>
          {live ? '已添加' : '待本人授权'}
        </Text>
      </View>
      <Text className="family__member-meta">
        {member.age}岁{member.insuranceType ? ` · ${member.insuranceType}` : ''}
      </Text>
      {!live ? (
        <Text className="family__member-note">
          该成员已满16周岁，须本人在您的手机上完成人脸核验{member.needsSms ? '和短信验证' : ''}后才能使用
        </Text>
      ) : null}
      <View className="family__actions">
        {live ? (
          <PrimaryButton
            testId="family-show-code"
            onClick={() => void Taro.navigateTo({ url: memberCodeUrl(member.memberId) })}
          >
            出示医保码
          </PrimaryButton>
        ) : (
          <PrimaryButton
            testId="family-continue-consent"
            onClick={() => void Taro.navigateTo({ url: familyConsentUrl(member.memberId) })}
          >
            继续授权
          </PrimaryButton>
        )}
        <PrimaryButton plain testId="family-remove" onClick={onRemove}>
          移除
        </PrimaryButton>
      </View>
    </View>
  );
}

function FamilyView({ family, reload }: { family: Family; reload: () => void }) {
  const [error, setError] = useState<string>();
  const remove = async (member: FamilyMember) => {
    const { confirm } = await Taro.showModal({
      title: '移除成员',
      content: `移除后将不能再为${member.maskedName}出示医保码、查看和支付其账单。确定移除吗？`,
      confirmText: '移除',
    });
    if (!confirm) return;
    setError(undefined);
    try {
      await call('removeFamilyMember', { params: { memberId: member.memberId } });
      void Taro.showToast({ title: '已移除', icon: 'success' });
      reload();
    } catch (failure) {
      setError(toApiError(failure).message);
    }
  };
  const full = family.members.length >= family.limit;
  return (
    <View>
      <Text className="family__intro">
        为未满16周岁的子女、没有智能手机的老人添加亲情账户，就医时在您的手机上出示他们的医保码，并查看、支付他们的账单。最多
        {family.limit}位。
      </Text>
      {family.mutualAid ? (
        <Text className="family__intro" data-testid="family-mutual-aid">
          家庭共济：您是职工医保参保人，可用您本人的个人账户为配偶、父母、子女支付个人负担的费用。
        </Text>
      ) : null}
      <InlineError message={error} testId="family-error" />
      {family.members.length === 0 ? (
        <View className="family__state" data-testid="family-empty">
          <Text className="family__empty-glyph">亲</Text>
          <Text>还没有添加家庭成员</Text>
        </View>
      ) : (
        family.members.map((member) => (
          <MemberCard key={member.memberId} member={member} onRemove={() => void remove(member)} />
        ))
      )}
      <View className="family__add">
        <PrimaryButton
          testId="family-add"
          disabled={full}
          onClick={() => void Taro.navigateTo({ url: FAMILY_ADD_PAGE })}
        >
          {full ? `已添加${family.limit}位成员（已达上限）` : '添加成员'}
        </PrimaryButton>
      </View>
    </View>
  );
}

function FamilyPage() {
  const load = useLoad(() => call('family'));
  return (
    <View className="family">
      <PageHeader title="亲情账户" inPaddedPage />
      <LoadGate
        load={load}
        what="亲情账户"
        claimMessage="领取医保码后，可为家人添加亲情账户，代为出示医保码和支付账单"
        testId="family"
      >
        {(family) => <FamilyView family={family} reload={load.reload} />}
      </LoadGate>
    </View>
  );
}

export default withLargeText(FamilyPage);
