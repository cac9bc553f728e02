// 添加家庭成员: the member's name, document and relation. A child under 16 is added at once on
// the person's declaration of being the guardian; anyone older is added as 待本人授权 and the
// consent page follows. Each refusal (not insured, already added, five already, name and
// number not matching, …) is said in its own words next to the form.
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  DOCUMENT_TYPE_NAMES,
  DOCUMENT_TYPES,
  FAMILY_RELATION_KEYS,
  FAMILY_RELATION_NAMES,
  type DocumentType,
  type FamilyRelationKey,
} from '@ybm/shared';
import { useState } from 'react';

import { ConsentCheck } from '../../../components/consent-check';
import { InlineError } from '../../../components/inline-error';
import { PageHeader } from '../../../components/page-header';
import { PrimaryButton } from '../../../components/primary-button';
import { call, toApiError } from '../../../services/api';
import { familyConsentUrl } from '../../../services/family';
import '../_form.scss';
import { withLargeText } from '../../../components/large-text-root';

type InputEvent = { detail: { value: string } };

function FamilyAddPage() {
  const [name, setName] = useState('');
  const [docType, setDocType] = useState<DocumentType>('resident_id');
  const [docNumber, setDocNumber] = useState('');
  const [relation, setRelation] = useState<FamilyRelationKey>('child');
  const [guardian, setGuardian] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async () => {
    if (!name.trim() || docNumber.trim().length < 5) {
      setError('请填写成员的姓名和证件号码');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const member = await call('addFamilyMember', {
        body: { name, docType, docNumber, relation, ...(guardian ? { guardianAttestation: true } : {}) },
      });
      if (member.linkStatus === 'pending') {
        void Taro.redirectTo({ url: familyConsentUrl(member.memberId) });
      } else {
        void Taro.showToast({ title: '已添加', icon: 'success' });
        void Taro.navigateBack();
      }
    } catch (failure) {
      setError(toApiError(failure).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="family-form">
      <PageHeader title="添加家庭成员" inPaddedPage />
      <Text className="family-form__note">
        请填写家人的真实姓名和证件号码。未满16周岁的子女由监护人直接添加；16周岁及以上的成员须本人在您的手机上刷脸授权。
      </Text>
      <View className="family-form__card">
        <View className="family-form__field">
          <Text className="family-form__label">姓名</Text>
          <Input
            className="family-form__input"
            data-testid="family-add-name"
            placeholder="成员姓名"
            value={name}
            onInput={(event: InputEvent) => setName(event.detail.value)}
          />
        </View>
        <View className="family-form__options" role="listbox" data-testid="family-add-doc-types">
          {DOCUMENT_TYPES.map((type) => (
            <View
              key={type}
              role="option"
              aria-selected={type === docType ? 'true' : 'false'}
              className={`family-form__option${type === docType ? ' family-form__option--on' : ''}`}
              onClick={() => setDocType(type)}
            >
              <Text>{DOCUMENT_TYPE_NAMES[type]}</Text>
            </View>
          ))}
        </View>
        <View className="family-form__field">
          <Text className="family-form__label">证件号码</Text>
          <Input
            className="family-form__input"
            data-testid="family-add-doc-number"
            placeholder="成员证件号码"
            value={docNumber}
            maxlength={30}
            onInput={(event: InputEvent) => setDocNumber(event.detail.value)}
          />
        </View>
      </View>
      <Text className="family-form__step">与您的关系</Text>
      <View className="family-form__card">
        <View className="family-form__options" role="listbox" data-testid="family-add-relations">
          {FAMILY_RELATION_KEYS.map((key) => (
            <View
              key={key}
              role="option"
              aria-selected={key === relation ? 'true' : 'false'}
              data-testid={`family-relation-${key}`}
              className={`family-form__option${key === relation ? ' family-form__option--on' : ''}`}
              onClick={() => setRelation(key)}
            >
              <Text>{FAMILY_RELATION_NAMES[key]}</Text>
            </View>
          ))}
        </View>
      </View>
      <ConsentCheck checked={guardian} onChange={setGuardian} testId="family-add-guardian">
        <Text>该成员未满16周岁，我是其监护人</Text>
      </ConsentCheck>
      <InlineError message={error} testId="family-add-error" />
      <PrimaryButton testId="family-add-submit" busy={busy} onClick={() => void submit()}>
        添加
      </PrimaryButton>
    </View>
  );
}

export default withLargeText(FamilyAddPage);
