// The display board's words: Chinese first, read from across the hall; ja for the park portal's visitors.
import type { Messages } from '../shared/i18n.ts';

type Key = 'nowCalling' | 'counters' | 'waiting' | 'waitingCount' | 'counterNo' | 'paused' | 'idle' | 'closed' | 'noCalls' | 'offline' | 'soundBlocked';

export const messages: Messages<Key> = {
  'zh-CN': {
    nowCalling: '正在呼叫',
    counters: '各窗口',
    waiting: '等候人数',
    waitingCount: '{n} 人',
    counterNo: '{n} 号窗口',
    paused: '暂停服务',
    idle: '—',
    closed: '未开放',
    noCalls: '请留意叫号',
    offline: '网络连接中断，正在自动重连……',
    soundBlocked: '语音播报暂不可用，请留意屏幕叫号（已通知工作人员）',
  },
  'zh-TW': {
    nowCalling: '正在叫號',
    counters: '各窗口',
    waiting: '等候人數',
    waitingCount: '{n} 人',
    counterNo: '{n} 號窗口',
    paused: '暫停服務',
    idle: '—',
    closed: '未開放',
    noCalls: '請留意叫號',
    offline: '網路連線中斷，正在自動重新連線……',
    soundBlocked: '語音播報暫時無法使用，請留意螢幕叫號（已通知工作人員）',
  },
  en: {
    nowCalling: 'Now calling',
    counters: 'Counters',
    waiting: 'Waiting',
    waitingCount: '{n}',
    counterNo: 'Counter {n}',
    paused: 'Paused',
    idle: '—',
    closed: 'Closed',
    noCalls: 'Please watch for your number',
    offline: 'Connection lost, reconnecting…',
    soundBlocked: 'Voice announcements are off: please watch the screen for your number (staff have been told)',
  },
  ja: {
    nowCalling: '呼び出し中',
    counters: '各窓口',
    waiting: '待ち人数',
    waitingCount: '{n} 人',
    counterNo: '{n} 番窓口',
    paused: '一時休止',
    idle: '—',
    closed: '休止中',
    noCalls: '番号の呼び出しにご注意ください',
    offline: '接続が切れました。自動で再接続しています……',
    soundBlocked: '音声案内は現在ご利用いただけません。画面の番号表示をご確認ください（職員に通知済み）',
  },
};
