// One consent, one checkbox: tapping the row ticks or unticks it, except where it names a
// document — tapping 《…》 opens that document's page and leaves the tick as it was. PIPL
// wants sensitive personal information consented to on its own, so the claim's consent page
// has two.
import { Text, View } from '@tarojs/components';
import { AGREEMENTS, type AgreementKey } from '@ybm/shared';
import type { ReactNode } from 'react';

import { openAgreement } from '../../services/agreements';
import './index.scss';

export interface ConsentCheckProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
  testId?: string;
}

export function ConsentCheck({ checked, onChange, children, testId }: ConsentCheckProps) {
  return (
    <View
      className={`consent-check${checked ? ' consent-check--checked' : ''}`}
      role="checkbox"
      aria-checked={checked ? 'true' : 'false'}
      data-testid={testId}
      data-checked={checked ? 'true' : 'false'}
      onClick={() => onChange(!checked)}
    >
      <View className="consent-check__box">{checked ? <Text>✓</Text> : null}</View>
      <Text className="consent-check__label">{children}</Text>
    </View>
  );
}

/** 《title》 inside a consent's text: opens the document; the tap does not reach the tick box. */
export function AgreementLink({ document }: { document: AgreementKey }) {
  return (
    <Text
      className="consent-check__link"
      data-testid={`agreement-link-${document}`}
      onClick={(event: { stopPropagation: () => void }) => {
        event.stopPropagation();
        openAgreement(document);
      }}
    >
      《{AGREEMENTS[document].title}》
    </Text>
  );
}
