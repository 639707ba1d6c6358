// One line on the manager's monitor: whether the hall replicates to the district, and how far behind it is.
import { useEffect, useState } from 'react';
import type { HallClient } from '../../client/hall-client.ts';
import type { DistrictLinkStatus } from '../../core/district.ts';
import { useT, type Messages } from '../shared/i18n.ts';

const words: Messages<'synced' | 'behind' | 'down' | 'title'> = {
  'zh-CN': {
    title: '区级同步',
    synced: '已同步（序号 {seq}）',
    behind: '待同步 {n} 条，最早的已等 {m} 分钟',
    down: '与区级服务器断开，待同步 {n} 条；恢复后自动补传。原因：{error}',
  },
  'zh-TW': {
    title: '區級同步',
    synced: '已同步（序號 {seq}）',
    behind: '待同步 {n} 條，最早的已等 {m} 分鐘',
    down: '與區級伺服器斷開，待同步 {n} 條；恢復後自動補傳。原因：{error}',
  },
  en: {
    title: 'District link',
    synced: 'Up to date (seq {seq})',
    behind: '{n} events to send, the oldest waiting {m} min',
    down: 'Cannot reach the district server; {n} events to send, they go as soon as it is back. Reason: {error}',
  },
};

const POLL_MS = 10_000;

export function DistrictLinkLine({ client }: { client: HallClient }) {
  const t = useT(words);
  const [link, setLink] = useState<DistrictLinkStatus | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      client.request<DistrictLinkStatus>('GET', '/api/v1/district-link').then(
        (s) => live && setLink(s),
        () => undefined,
      );
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client]);
  if (!link?.configured) return null;
  const state = !link.connected ? 'down' : link.lagEvents > 0 ? 'behind' : 'synced';
  return (
    <p className={`district-link district-link-${state}`} data-testid="district-link" data-state={state} role={state === 'down' ? 'alert' : undefined}>
      <strong>{t('title')}</strong> {t(state, { seq: link.ackedSeq, n: link.lagEvents, m: Math.floor(link.lagSeconds / 60), error: link.lastError ?? '' })}
    </p>
  );
}
