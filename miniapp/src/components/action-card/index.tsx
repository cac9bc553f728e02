// A white card with a title, a short explanation and one main button (e.g. 领取医保码).
import { Button, Text, View } from '@tarojs/components';

import './index.scss';

export interface ActionCardProps {
  title: string;
  description: string;
  actionText: string;
  onAction: () => void;
  testId?: string;
}

export function ActionCard({ title, description, actionText, onAction, testId }: ActionCardProps) {
  return (
    <View className="action-card">
      <View className="action-card__body">
        <Text className="action-card__title">{title}</Text>
        <Text className="action-card__description">{description}</Text>
      </View>
      <Button className="action-card__button" data-testid={testId} onClick={onAction}>
        {actionText}
      </Button>
    </View>
  );
}
