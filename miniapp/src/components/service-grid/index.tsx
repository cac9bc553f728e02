// The home page's grid of insurance services, four to a row; every tile answers a tap.
import { Text, View } from '@tarojs/components';
import type { ServiceEntry } from '@ybm/shared';

import { SERVICE_GLYPHS } from '../../services/catalogue';
import './index.scss';

export interface ServiceGridProps {
  services: ServiceEntry[];
  onSelect: (service: ServiceEntry) => void;
}

export function ServiceGrid({ services, onSelect }: ServiceGridProps) {
  return (
    <View className="service-grid">
      {services.map((service) => (
        <View
          key={service.key}
          className={`service-grid__item${service.available ? '' : ' service-grid__item--off'}`}
          data-service={service.key}
          onClick={() => onSelect(service)}
        >
          <View className="service-grid__icon">
            <Text>{SERVICE_GLYPHS[service.key]}</Text>
          </View>
          <Text className="service-grid__title">{service.title}</Text>
          {service.available ? null : <Text className="service-grid__soon">即将上线</Text>}
        </View>
      ))}
    </View>
  );
}
