// Every page's root view: it carries the `large-text` class while 大字模式 is on, which the
// large copies of every text-sizing rule (config/large-text.ts) hang from — the same in weapp,
// alipay and h5, where a mini-program page's own `page` element cannot take a class.
import { View } from '@tarojs/components';
import type { ComponentType } from 'react';

import { useLargeText } from '../../hooks/use-large-text';

/** A page wrapped in the root view; a page's default export is `withLargeText(Page)`. */
export function withLargeText<P extends object>(Page: ComponentType<P>): ComponentType<P> {
  function LargeTextRoot(props: P) {
    const on = useLargeText();
    return (
      <View
        // Spelled out whole: the build test finds the class in the bundle.
        className={on ? 'page-root large-text' : 'page-root'}
        data-testid="page-root"
        data-large-text={on ? 'true' : 'false'}
      >
        <Page {...props} />
      </View>
    );
  }
  LargeTextRoot.displayName = `withLargeText(${Page.displayName ?? Page.name})`;
  return LargeTextRoot;
}
