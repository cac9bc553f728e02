// A card of label/value rows, the settings-list look of 我的 and detail pages.
import { Text, View } from '@tarojs/components';

import './index.scss';

export interface Cell {
  label: string;
  value?: string;
  onClick?: () => void;
  testId?: string;
}

export function CellList({ title, cells }: { title?: string; cells: Cell[] }) {
  return (
    <View className="cell-list">
      {title ? <Text className="cell-list__title">{title}</Text> : null}
      {cells.map((cell) => (
        <View
          key={cell.label}
          className={`cell-list__row${cell.onClick ? ' cell-list__row--link' : ''}`}
          data-testid={cell.testId}
          onClick={cell.onClick}
        >
          <Text className="cell-list__label">{cell.label}</Text>
          <Text className="cell-list__value">{cell.value ?? ''}</Text>
        </View>
      ))}
    </View>
  );
}
