// The network coming and going: Taro's network status events (WeChat, Alipay), and in a
// browser (H5) also the window's online/offline events — Taro's H5 version listens only to
// navigator.connection, which most browsers do not have or do not fire when going offline.
import Taro from '@tarojs/taro';

type Listener = (connected: boolean) => void;

/** Calls `listener` with each change until the returned function is called. */
export function onNetworkChange(listener: Listener): () => void {
  const onStatus = (result: { isConnected: boolean }) => listener(result.isConnected);
  Taro.onNetworkStatusChange(onStatus);
  let stopWindow = () => undefined as void;
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
    const online = () => listener(true);
    const offline = () => listener(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    stopWindow = () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  }
  return () => {
    Taro.offNetworkStatusChange(onStatus);
    stopWindow();
  };
}
