// One agreement as a page: its title, version and effective date (from @ybm/shared, the same
// that the BFF records when the person agrees), then the text, section by section, in type
// a 70-year-old can read.
import { Text, View } from '@tarojs/components';
import type { Agreement } from '@ybm/shared';

import { chineseDate } from '../../services/agreements';
import { PageHeader } from '../page-header';
import './index.scss';

export interface AgreementViewProps {
  agreement: Agreement;
  text: {
    lead: string;
    sections: readonly { heading: string; paragraphs: readonly string[] }[];
  };
}

export function AgreementView({ agreement, text }: AgreementViewProps) {
  return (
    <View className="agreement" data-testid={`agreement-${agreement.key}`}>
      <PageHeader title={agreement.title} />
      <View className="agreement__head">
        <Text className="agreement__title" data-testid="agreement-title">
          {agreement.title}
        </Text>
        <Text className="agreement__meta" data-testid="agreement-version">
          版本：{agreement.version}
        </Text>
        <Text className="agreement__meta" data-testid="agreement-effective">
          生效日期：{chineseDate(agreement.effectiveDate)}
        </Text>
      </View>
      <View className="agreement__body">
        <Text className="agreement__paragraph">{text.lead}</Text>
        {text.sections.map((section) => (
          <View key={section.heading} className="agreement__section">
            <Text className="agreement__heading">{section.heading}</Text>
            {section.paragraphs.map((paragraph) => (
              <Text key={paragraph} className="agreement__paragraph">
                {paragraph}
              </Text>
            ))}
          </View>
        ))}
      </View>
    </View>
  );
}
