// An error said in place, next to what caused it (not only in a toast that vanishes).
import { Text, View } from '@tarojs/components';

import './index.scss';

export function InlineError({ message, testId }: { message?: string; testId?: string }) {
  if (!message) return null;
  return (
    <View className="inline-error" role="alert" data-testid={testId}>
      <Text>{message}</Text>
    </View>
  );
}
