// What a bill is for: the institution, department and doctor, its state, each fee (name,
// quantity × unit price, amount) and the total.
import { Text, View } from '@tarojs/components';
import { formatYuan, type Bill } from '@ybm/shared';

import { BILL_STATUS_LABELS } from '../../services/bills';
import './index.scss';

export function BillDetails({ bill }: { bill: Bill }) {
  const visit = [bill.deptName, bill.doctorName].filter(Boolean).join(' · ');
  return (
    <View className="bill-details">
      <View className="bill-details__head">
        <Text className="bill-details__institution" data-testid="bill-institution">
          {bill.institutionName}
        </Text>
        <Text
          className={`bill-details__status bill-details__status--${bill.status}`}
          data-testid="bill-status"
        >
          {BILL_STATUS_LABELS[bill.status]}
        </Text>
      </View>
      {visit ? (
        <Text className="bill-details__visit" data-testid="bill-visit">
          {visit}
        </Text>
      ) : null}

      <View className="bill-details__items" data-testid="bill-items">
        {bill.items.map((item, index) => (
          <View key={`${index}-${item.name}`} className="bill-details__item" data-testid="bill-item">
            <View className="bill-details__item-main">
              <Text className="bill-details__item-name">{item.name}</Text>
              <Text className="bill-details__item-qty">
                {item.qty} × {formatYuan(item.priceFen)}
              </Text>
            </View>
            <Text className="bill-details__item-amount">{formatYuan(item.amountFen)}</Text>
          </View>
        ))}
      </View>

      <View className="bill-details__total">
        <Text className="bill-details__total-label">合计</Text>
        <Text className="bill-details__total-amount" data-testid="bill-total">
          {formatYuan(bill.totalFen)}
        </Text>
      </View>
    </View>
  );
}
