// The page's title and 返回, drawn in the page where the platform draws none: WeChat and
// Alipay put the page config's navigationBarTitleText in their own bar, with a back (or
// home) button; Taro's H5 build shows neither. So this renders on H5 only, with the same
// title as the page's index.config.ts. Tab pages pass back={false}: the tab bar is their way.
import { Text, View } from '@tarojs/components';

import { goBack } from '../../services/back';
import './index.scss';

export interface PageHeaderProps {
  title: string;
  back?: boolean;
  /** Where 返回 goes when this page was opened on its own (default: 首页). */
  fallback?: string;
  onBack?: () => void;
  /** The page's root has the list pages' top padding ($gap): sit above it, flush with the top. */
  inPaddedPage?: boolean;
}

export function PageHeader({ title, back = true, fallback, onBack, inPaddedPage }: PageHeaderProps) {
  if (process.env.TARO_ENV !== 'h5') return null;
  return (
    <View
      className={`page-header${inPaddedPage ? ' page-header--in-padded-page' : ''}`}
      data-testid="page-header"
    >
      {back ? (
        <View
          className="page-header__back"
          role="button"
          aria-label="返回"
          data-testid="page-back"
          onClick={() => (onBack ? onBack() : goBack(fallback))}
        >
          <Text className="page-header__chevron">‹</Text>
          <Text>返回</Text>
        </View>
      ) : null}
      <Text className="page-header__title" data-testid="page-title">
        {title}
      </Text>
    </View>
  );
}
