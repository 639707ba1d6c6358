// The display board's words: Chinese first, read from across the hall.
import type { Messages } from '../shared/i18n.ts';

type Key =
  | 'nowCalling'
  | 'counters'
  | 'waiting'
  | 'waitingCount'
  | 'counterNo'
  | 'paused'
  | 'idle'
  | 'closed'
  | 'noCalls'
  | 'offline'
  | 'noToken'
  | 'enableSound';

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
    noToken: '未设置显示屏令牌：请在地址后加 ?token=显示屏令牌',
    enableSound: '点击屏幕任意位置启用语音播报',
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
    noToken: '未設定顯示屏權杖：請在網址後加 ?token=顯示屏權杖',
    enableSound: '點擊螢幕任意位置啟用語音播報',
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
    noToken: 'No display token: add ?token=<display token> to the address',
    enableSound: 'Tap anywhere to turn on voice announcements',
  },
};
